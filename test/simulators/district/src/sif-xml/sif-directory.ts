import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { currentSchoolYear } from '../calendar/school-year';
import { dcidElementNameOf, type SandboxDistrict } from '../model/sandbox-district';
import type { LeaInfo, SifObjectCommon, SifObjectName, SifObjectTypes } from '../model/sif-objects';
import { DISTRICT_LIST_OF, isSifObjectName, objectsOf, SIF_OBJECT_NAMES } from '../model/sif-object-names';
import { SifObjectError } from './object-codec';
import { decodeSifObject, SIF_NAMESPACE, toSifXml, writeSifObject } from './sif-object-xml';
import type { XmlElement } from './xml-tree';
import { XmlElementStream, XmlSyntaxError } from './xml-tree-parser';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const FLUSH_AT_CHARS = 256 * 1024;

export interface WriteSifDirectoryOptions {
  /** Objects per file before a kind is split into numbered files. Default 50,000. */
  objectsPerFile?: number;
}

/**
 * Writes the district as a directory of SIF XML files: the LEAInfo as a single object, every
 * other kind as lists of objects under a SIF_ObjectData root, split into numbered files when
 * large. Refuses a directory that already holds XML files, so two districts never mix.
 */
export async function writeSifDirectory(district: SandboxDistrict, dir: string, options: WriteSifDirectoryOptions = {}): Promise<void> {
  const objectsPerFile = options.objectsPerFile ?? 50_000;
  await mkdir(dir, { recursive: true });
  const existing = (await readdir(dir)).filter((name) => name.toLowerCase().endsWith('.xml'));
  if (existing.length > 0)
    throw new Error(
      `${dir} already holds SIF XML files (${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}); export into an empty directory`,
    );
  const dcidElementName = dcidElementNameOf(district);
  await writeFile(join(dir, 'LEAInfo.xml'), [XML_DECLARATION, toSifXml('LEAInfo', district.lea, { dcidElementName }), '\n']);
  for (const objectName of SIF_OBJECT_NAMES) {
    if (objectName === 'LEAInfo') continue;
    const objects = objectsOf(district, objectName);
    const files = Math.max(1, Math.ceil(objects.length / objectsPerFile));
    for (let file = 0; file < files; file++) {
      const name = files === 1 ? `${objectName}.xml` : `${objectName}-${String(file + 1).padStart(4, '0')}.xml`;
      const slice = objects.slice(file * objectsPerFile, (file + 1) * objectsPerFile);
      await writeFile(join(dir, name), listChunks(objectName, slice, dcidElementName));
    }
  }
}

function* listChunks<N extends SifObjectName>(
  objectName: N,
  objects: readonly SifObjectTypes[N][],
  dcidElementName: string | null,
): Generator<string> {
  yield `${XML_DECLARATION}<SIF_ObjectData xmlns="${SIF_NAMESPACE}">\n`;
  let chunk = '';
  for (const object of objects) {
    chunk += `${writeSifObject(objectName, object, { dcidElementName })}\n`;
    if (chunk.length >= FLUSH_AT_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}</SIF_ObjectData>\n`;
}

async function writeFile(path: string, chunks: Iterable<string>): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
  }
  stream.end();
  await Promise.race([once(stream, 'finish'), failed]);
}

export interface ReadSifDirectoryOptions {
  /** The SIF_ExtendedElement that carries DCIDs; null to ignore any. Default `DCID`. */
  dcidElementName?: string | null;
}

/**
 * Reads a district from a directory of SIF XML files (each `.xml` file one SIF object, or any
 * element holding a list of them, such as SIF_ObjectData or a captured SIF_Message), streaming,
 * so a real export can be replayed. Objects with no DCID element get DCIDs numbered in RefId
 * order, never written back as SIF.
 */
export async function readSifDirectory(dir: string, options: ReadSifDirectoryOptions = {}): Promise<SandboxDistrict> {
  const dcidElementName = options.dcidElementName === undefined ? 'DCID' : options.dcidElementName;
  const entries = await readdir(dir).catch((error: unknown) => {
    throw new Error(
      `cannot read a district from ${dir}: ${error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'no such directory' : String(error)}`,
    );
  });
  const files = entries.filter((name) => name.toLowerCase().endsWith('.xml')).sort();
  if (files.length === 0) throw new Error(`${dir} holds no .xml files to read a district from`);
  const found = emptyLists();
  const seen = new Map<string, string>();
  let anyDcid = false;
  for (const file of files) {
    await readFile(join(dir, file), (element) => {
      let decoded;
      try {
        decoded = decodeSifObject(element, { dcidElementName });
      } catch (error) {
        throw new Error(`${file}: ${error instanceof SifObjectError ? error.message : String(error)}`, { cause: error });
      }
      const key = `${decoded.objectName} ${decoded.object.refId}`;
      const earlier = seen.get(key);
      if (earlier) throw new Error(`${file}: ${key} is already in ${earlier}; each object may appear once`);
      seen.set(key, file);
      anyDcid ||= decoded.hasDcid;
      (found[decoded.objectName] as SifObjectCommon[]).push(decoded.object);
    });
  }
  const leas = found.LEAInfo as LeaInfo[];
  const lea = leas[0];
  if (!lea || leas.length > 1) throw new Error(`${dir} must hold exactly one LEAInfo object (found ${leas.length})`);
  for (const objectName of SIF_OBJECT_NAMES) numberMissingDcids(found[objectName] as SifObjectCommon[]);
  const district: SandboxDistrict = {
    seed: 0,
    size: 'loaded',
    schoolYear: schoolYearOf(found),
    dcidElementName: anyDcid ? dcidElementName : null,
    lea,
    schools: [],
    terms: [],
    courses: [],
    sections: [],
    staff: [],
    staffAssignments: [],
    students: [],
    schoolEnrollments: [],
    sectionEnrollments: [],
  };
  for (const objectName of SIF_OBJECT_NAMES) {
    if (objectName !== 'LEAInfo') (district[DISTRICT_LIST_OF[objectName]] as unknown[]) = found[objectName];
  }
  return district;
}

function emptyLists(): Record<SifObjectName, unknown[]> {
  const lists = {} as Record<SifObjectName, unknown[]>;
  for (const objectName of SIF_OBJECT_NAMES) lists[objectName] = [];
  return lists;
}

async function readFile(path: string, onObject: (element: XmlElement) => void): Promise<void> {
  const stream = new XmlElementStream((element) => isSifObjectName(element.name), onObject);
  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8' })) stream.write(chunk as string);
    stream.close();
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new Error(`${path}: not well-formed XML: ${error.message}`, { cause: error });
    throw error;
  }
}

/** DCIDs for objects that came without one: after the highest DCID seen, in RefId order. */
function numberMissingDcids(objects: SifObjectCommon[]): void {
  const missing = objects.filter((object) => object.dcid === 0).sort((a, b) => (a.refId < b.refId ? -1 : a.refId > b.refId ? 1 : 0));
  let next = objects.reduce((max, object) => Math.max(max, object.dcid), 0) + 1;
  for (const object of missing) object.dcid = next++;
}

/** The current year of a loaded district: the latest SchoolYear its terms (or sections) carry. */
function schoolYearOf(found: Record<SifObjectName, unknown[]>): number {
  const years = [...found.TermInfo, ...found.SectionInfo].map((object) => (object as { schoolYear: number }).schoolYear);
  return years.length > 0 ? years.reduce((latest, year) => Math.max(latest, year)) : currentSchoolYear();
}
