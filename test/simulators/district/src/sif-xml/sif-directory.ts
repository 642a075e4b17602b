import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { currentSchoolYear } from '../calendar/school-year';
import { dcidElementNameOf, type SandboxDistrict } from '../model/sandbox-district';
import type { LeaInfo, SifObjectCommon, SifObjectName, SifObjectTypes } from '../model/sif-objects';
import type { VerbatimSifObject } from '../model/verbatim-object';
import { DISTRICT_LIST_OF, isSifObjectName, objectsOf, SIF_OBJECT_NAMES } from '../model/sif-object-names';
import { SifObjectError } from './object-codec';
import {
  decodeSifObject,
  objectAttributes,
  objectElements,
  SIF_NAMESPACE,
  toSifXml,
  writeSifObject,
  type DecodedSifObject,
} from './sif-object-xml';
import { serializeElement, type XmlElement } from './xml-tree';
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

/** A file of the directory that is not served, and why: it is not XML at all, or holds no SIF object. */
export interface RefusedSifFile {
  file: string;
  reason: string;
}

export interface SifDirectoryReading {
  district: SandboxDistrict;
  refusedFiles: RefusedSifFile[];
}

type ReadObject = { decoded: DecodedSifObject } | { verbatim: VerbatimSifObject };

/**
 * Reads a district from a directory of SIF XML files (each `.xml` file one SIF object, or any
 * element holding a list of them, such as SIF_ObjectData or a captured SIF_Message), streaming,
 * so a real export can be replayed as it is. Objects with no DCID element get DCIDs numbered in
 * RefId order, never written back as SIF.
 *
 * The reader is a transport's, not a validator's: an object that breaks the schema, or a RefId
 * that comes again, is kept verbatim (`district.verbatim`) and served as written, so that it is
 * the agent that rejects and reports it and the rest of the district still arrives. Only a file
 * that is not well-formed XML, or that holds no SIF object, is refused, whole, by name and with
 * the reason; the other files are read. The directory itself is refused only when nothing in it
 * can be served or no LEAInfo names the district.
 */
export async function readSifDirectory(dir: string, options: ReadSifDirectoryOptions = {}): Promise<SifDirectoryReading> {
  const dcidElementName = options.dcidElementName === undefined ? 'DCID' : options.dcidElementName;
  const entries = await readdir(dir).catch((error: unknown) => {
    throw new Error(
      `cannot read a district from ${dir}: ${error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'no such directory' : String(error)}`,
    );
  });
  const files = entries.filter((name) => name.toLowerCase().endsWith('.xml')).sort();
  if (files.length === 0) throw new Error(`${dir} holds no .xml files to read a district from`);
  const found = emptyLists();
  const verbatim: VerbatimSifObject[] = [];
  const refusedFiles: RefusedSifFile[] = [];
  /** Where each object (name and RefId) was first read. */
  const seen = new Map<string, string>();
  let anyDcid = false;
  for (const file of files) {
    const read: ReadObject[] = [];
    const seenHere = new Map<string, string>();
    const firstSeen = (key: string) => seen.get(key) ?? seenHere.get(key);
    let root: string | undefined;
    try {
      await readFile(
        join(dir, file),
        (name) => (root ??= name),
        (element) => {
          let decoded: DecodedSifObject;
          try {
            decoded = decodeSifObject(element, { dcidElementName });
          } catch (error) {
            if (!(error instanceof SifObjectError)) throw error;
            read.push({ verbatim: verbatimOf(element, file, error.message) });
            return;
          }
          const key = `${decoded.objectName} ${decoded.object.refId}`;
          const earlier = firstSeen(key);
          if (earlier !== undefined) {
            read.push({ verbatim: verbatimOf(element, file, `${key} again (first read in ${earlier})`) });
            return;
          }
          seenHere.set(key, file);
          read.push({ decoded });
        },
      );
    } catch (error) {
      if (!(error instanceof XmlSyntaxError)) throw error;
      refusedFiles.push({ file, reason: `not well-formed XML: ${error.message}` });
      continue;
    }
    if (read.length === 0) {
      refusedFiles.push({
        file,
        reason: `holds no SIF object (its root is <${root ?? '?'}>; a file must hold ${SIF_OBJECT_NAMES.join(', ')} objects, alone or in a list)`,
      });
      continue;
    }
    for (const [key, where] of seenHere) seen.set(key, where);
    for (const object of read) {
      if ('verbatim' in object) {
        verbatim.push(object.verbatim);
        continue;
      }
      anyDcid ||= object.decoded.hasDcid;
      (found[object.decoded.objectName] as SifObjectCommon[]).push(object.decoded.object);
    }
  }
  if (refusedFiles.length === files.length)
    throw new Error(`none of the ${files.length} .xml files in ${dir} can be served: ${describeRefusals(refusedFiles)}`);
  const leas = found.LEAInfo as LeaInfo[];
  const lea = leas[0];
  if (!lea) {
    const broken = verbatim.filter((object) => object.objectName === 'LEAInfo').map((object) => `${object.file}: ${object.problem}`);
    throw new Error(
      `${dir} holds no LEAInfo the district can be named by${broken.length > 0 ? ` (${broken.join('; ')})` : ''}${refusedFiles.length > 0 ? `; files refused: ${describeRefusals(refusedFiles)}` : ''}`,
    );
  }
  // A second LEAInfo under another RefId is served as it is, as the agent would receive it from such a zone.
  for (const extra of leas.slice(1)) {
    verbatim.push({
      objectName: 'LEAInfo',
      refId: extra.refId,
      attributes: Object.fromEntries(objectAttributes('LEAInfo', extra)),
      elements: objectElements('LEAInfo', extra, { dcidElementName: anyDcid ? dcidElementName : null }),
      file: seen.get(`LEAInfo ${extra.refId}`) ?? '?',
      problem: `a second LEAInfo (the district is ${lea.refId})`,
    });
  }
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
    ...(verbatim.length > 0 ? { verbatim } : {}),
  };
  for (const objectName of SIF_OBJECT_NAMES) {
    if (objectName !== 'LEAInfo') (district[DISTRICT_LIST_OF[objectName]] as unknown[]) = found[objectName];
  }
  return { district, refusedFiles };
}

/**
 * What a reading leaves out or serves as written, one line each (the first few per kind), for
 * the simulators' start-up output.
 */
export function describeSifDirectoryReading(reading: SifDirectoryReading, shown = 5): string[] {
  const lines = reading.refusedFiles.map(({ file, reason }) => `file refused: ${file}: ${reason}`);
  const verbatim = reading.district.verbatim ?? [];
  for (const object of verbatim.slice(0, shown)) lines.push(`served as written: ${object.file}: ${object.problem}`);
  if (verbatim.length > shown) lines.push(`served as written: ${verbatim.length - shown} more objects the model cannot hold`);
  return lines;
}

function describeRefusals(refused: readonly RefusedSifFile[]): string {
  return refused.map(({ file, reason }) => `${file}: ${reason}`).join('; ');
}

function verbatimOf(element: XmlElement, file: string, problem: string): VerbatimSifObject {
  const refId = element.attributes['RefId'];
  return {
    objectName: element.name as SifObjectName,
    ...(refId ? { refId } : {}),
    attributes: { ...element.attributes },
    elements: element.children.map((child) => ({ name: child.name, xml: serializeElement(child) })),
    file,
    problem,
  };
}

function emptyLists(): Record<SifObjectName, unknown[]> {
  const lists = {} as Record<SifObjectName, unknown[]>;
  for (const objectName of SIF_OBJECT_NAMES) lists[objectName] = [];
  return lists;
}

async function readFile(path: string, onRoot: (name: string) => void, onObject: (element: XmlElement) => void): Promise<void> {
  const stream = new XmlElementStream((element, ancestors) => {
    if (ancestors.length === 0) onRoot(element.name);
    return isSifObjectName(element.name);
  }, onObject);
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) stream.write(chunk as string);
  stream.close();
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
