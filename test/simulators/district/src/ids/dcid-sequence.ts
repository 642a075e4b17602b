/**
 * One PowerSchool table's DCID sequence. PowerSchool numbers each table on its own, so a USERS
 * DCID and a STUDENTS DCID can be the same number; the generator keeps that on purpose.
 */
export class DcidSequence {
  private nextValue: number;

  constructor(first: number) {
    this.nextValue = first;
  }

  next(): number {
    return this.nextValue++;
  }

  /** The DCID the next row will get. */
  peek(): number {
    return this.nextValue;
  }
}
