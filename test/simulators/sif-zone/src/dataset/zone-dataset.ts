import {
  dcidElementNameOf,
  objectsOf,
  SIF_OBJECT_NAMES,
  type ExitDateSemantics,
  type SandboxDistrict,
  type SifObject,
  type SifObjectName,
  type SifObjectTypes,
  type VerbatimSifObject,
} from '@sisbridge/sandbox-district';

/**
 * The objects the zone serves, changed by the admin endpoints. Each change replaces the kind's
 * list with a new array (copy on write), so a response being streamed keeps reading the list as
 * it was when the request came in.
 */
export class ZoneDataset {
  private readonly lists = new Map<SifObjectName, readonly SifObject[]>();
  private readonly byRefId = new Map<SifObjectName, Map<string, SifObject>>();
  private readonly verbatimLists = new Map<SifObjectName, VerbatimSifObject[]>();
  readonly dcidElementName: string | null;

  constructor(private readonly district: SandboxDistrict) {
    this.dcidElementName = dcidElementNameOf(district);
    for (const objectName of SIF_OBJECT_NAMES) this.lists.set(objectName, objectsOf(district, objectName));
    for (const object of district.verbatim ?? []) {
      const list = this.verbatimLists.get(object.objectName) ?? [];
      list.push(object);
      this.verbatimLists.set(object.objectName, list);
    }
  }

  /**
   * A loaded export's objects of this kind that the model cannot hold (schema-breaking, or a RefId
   * again): served as written after the others, never changed by the admin endpoints.
   */
  verbatim(objectName: SifObjectName): readonly VerbatimSifObject[] {
    return this.verbatimLists.get(objectName) ?? [];
  }

  /** Every verbatim object, for the admin state. */
  get allVerbatim(): readonly VerbatimSifObject[] {
    return this.district.verbatim ?? [];
  }

  /** Where the data came from: the generator's size and seed, or `loaded`. */
  get origin(): { seed: number; size: string; schoolYear: number } {
    return { seed: this.district.seed, size: this.district.size, schoolYear: this.district.schoolYear };
  }

  get schoolYear(): number {
    return this.district.schoolYear;
  }

  /** How the district's ExitDates read; a loaded district is taken to follow PowerSchool's own. */
  get exitDateSemantics(): ExitDateSemantics {
    return this.district.exitDateSemantics ?? 'day-after-last-attended';
  }

  list<N extends SifObjectName>(objectName: N): readonly SifObjectTypes[N][] {
    return (this.lists.get(objectName) ?? []) as readonly SifObjectTypes[N][];
  }

  get<N extends SifObjectName>(objectName: N, refId: string): SifObjectTypes[N] | undefined {
    return this.index(objectName).get(refId) as SifObjectTypes[N] | undefined;
  }

  count(objectName: SifObjectName): number {
    return this.list(objectName).length;
  }

  /** The next free DCID of a kind, for objects added without one. */
  nextDcid(objectName: SifObjectName): number {
    return this.list(objectName).reduce((max, object) => Math.max(max, object.dcid), 0) + 1;
  }

  add<N extends SifObjectName>(objectName: N, object: SifObjectTypes[N]): void {
    this.lists.set(objectName, [...this.list(objectName), object]);
    this.index(objectName).set(object.refId, object);
  }

  replace<N extends SifObjectName>(objectName: N, before: SifObjectTypes[N], after: SifObjectTypes[N]): void {
    const list = [...this.list(objectName)];
    list[list.indexOf(before)] = after;
    this.lists.set(objectName, list);
    this.index(objectName).set(after.refId, after);
  }

  remove<N extends SifObjectName>(objectName: N, object: SifObjectTypes[N]): void {
    this.lists.set(
      objectName,
      this.list(objectName).filter((candidate) => candidate !== object),
    );
    this.index(objectName).delete(object.refId);
  }

  private index(objectName: SifObjectName): Map<string, SifObject> {
    let index = this.byRefId.get(objectName);
    if (!index) {
      index = new Map(this.list(objectName).map((object) => [object.refId, object]));
      this.byRefId.set(objectName, index);
    }
    return index;
  }
}
