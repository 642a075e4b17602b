import type { SifObjectName } from '../model/sif-objects';

/** Stable small numbers per object kind, so each kind's RefIds come from their own space. */
const KIND_CODES: Readonly<Record<SifObjectName, number>> = {
  LEAInfo: 1,
  SchoolInfo: 3,
  TermInfo: 14,
  SchoolCourseInfo: 2,
  SectionInfo: 15,
  StaffPersonal: 5,
  StaffAssignment: 6,
  StudentPersonal: 1_001,
  StudentSchoolEnrollment: 7,
  StudentSectionEnrollment: 16,
};

/** A 32-bit finalizer (a bijection on 32 bits), so distinct inputs give distinct words. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Reused for every RefId: writing the four words and hex-encoding them gives one flat string. */
const GUID_BYTES = Buffer.alloc(16);

/**
 * The RefId PowerSchool would publish for the row with this DCID: a GUID derived from the DCID
 * (reference/sif.md §3.2: "a GUID derived from or stored against the DCID"), 32 upper-case hex.
 * Deterministic from (seed, kind, DCID); within one kind, distinct DCIDs never share a RefId
 * because the first word is a bijection of the DCID.
 */
export function refIdFor(seed: number, objectName: SifObjectName, dcid: number): string {
  const space = mix32(mix32(seed) ^ Math.imul(KIND_CODES[objectName], 0x9e3779b1));
  const first = mix32(space ^ dcid);
  const second = mix32(first ^ 0x85ebca6b ^ space);
  const third = mix32(second ^ 0xc2b2ae35);
  const fourth = mix32(third ^ 0x27d4eb2f ^ dcid);
  GUID_BYTES.writeUInt32BE(first, 0);
  GUID_BYTES.writeUInt32BE(second, 4);
  GUID_BYTES.writeUInt32BE(third, 8);
  GUID_BYTES.writeUInt32BE(fourth, 12);
  return GUID_BYTES.toString('hex').toUpperCase();
}

const GUID_PATTERN = /^[0-9A-F]{32}$/;

/** Whether a string has the SIF GUID form (32 upper-case hex characters). */
export function isSifGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}
