import { randomUUID } from 'node:crypto';
import { fromBuffer } from 'yauzl';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { PROVISION_DISTRICT_WORKFLOW, type ProvisionDistrictResult } from '@sisbridge/contracts';
import type { SifObjectTypes } from '@sisbridge/sandbox-district';
import type { ProvisioningWorld } from '../provisioning/provisioning-world';

/** What the zone's admin adds for a new student: the person, a home school enrollment, three section enrollments. */
export interface NewStudent {
  refId: string;
  sisId: string;
  sectionSisIds: string[];
}

/**
 * A student enrolled at 9:00 today, as a PowerSchool user enters them: StudentPersonal, a home
 * StudentSchoolEnrollment, and three StudentSectionEnrollments in sections of that school. Each
 * is a SIF_Event the zone publishes as it is made; with `enrollmentsFirst`, the section
 * enrollments come first and the student when the caller calls `publishStudent`.
 */
export function enrolNewStudent(
  world: ProvisioningWorld,
  districtId: string,
  localId: string,
  options: { enrollmentsFirst?: boolean } = {},
): NewStudent & { publishStudent: () => void } {
  const { sif } = world.get(districtId);
  const dataset = sif.context.dataset;
  const school = dataset.list('SchoolInfo')[0] as SifObjectTypes['SchoolInfo'];
  const courses = new Set(
    dataset
      .list('SchoolCourseInfo')
      .filter((c) => c.schoolInfoRefId === school.refId)
      .map((c) => c.refId),
  );
  const sections = dataset.list('SectionInfo').filter((s) => courses.has(s.schoolCourseInfoRefId) && s.schoolYear === dataset.schoolYear);
  const chosen = sections.slice(0, 3);
  if (chosen.length < 3) throw new Error('the district has fewer than three sections at its first school');
  // Chosen here, so that enrollments can name the student before PowerSchool publishes them.
  const dcid = dataset.nextDcid('StudentPersonal');
  const refId = randomUUID().replace(/-/g, '').toUpperCase();
  const person = () => {
    sif.changes.add('StudentPersonal', {
      json: { refId, dcid, localId, name: { type: '04', lastName: 'Newcomer', firstName: 'Nina' }, mostRecent: { gradeLevel: '09' } },
    });
    sif.changes.add('StudentSchoolEnrollment', {
      json: {
        studentPersonalRefId: refId,
        schoolInfoRefId: school.refId,
        membershipType: 'Home',
        timeFrame: 'Current',
        schoolYear: dataset.schoolYear,
        entryDate: '2026-08-20',
        gradeLevel: '09',
      },
    });
  };
  const enrollments = () => {
    for (const section of chosen) {
      sif.changes.add('StudentSectionEnrollment', {
        json: { studentPersonalRefId: refId, sectionInfoRefId: section.refId, schoolYear: dataset.schoolYear, entryDate: '2026-08-20' },
      });
    }
  };
  // With enrollmentsFirst, the caller publishes the student (publishStudent) when it chooses.
  let published = false;
  const publishStudent = () => {
    if (published) return;
    published = true;
    person();
  };
  if (!options.enrollmentsFirst) publishStudent();
  enrollments();
  return { refId, sisId: `S${dcid}`, sectionSisIds: chosen.map((section) => `SEC${section.dcid}`), publishStudent };
}

/** The district's provisioning runs of one kind (`intraday`, `nightly`, `manual`), newest first. */
export async function runsOfKind(world: ProvisioningWorld, districtId: string, kind: string): Promise<WorkflowExecutionInfo[]> {
  const client = world.client;
  if (!client) throw new Error('not started');
  const runs: WorkflowExecutionInfo[] = [];
  const query = `WorkflowType = '${PROVISION_DISTRICT_WORKFLOW}' AND SisbridgeDistrict = '${districtId}' AND SisbridgeRunKind = '${kind}'`;
  for await (const execution of client.workflow.list({ query })) runs.push(execution);
  return runs;
}

export async function resultOf(world: ProvisioningWorld, workflowId: string): Promise<ProvisionDistrictResult> {
  if (!world.client) throw new Error('not started');
  return world.client.workflow.getHandle(workflowId).result() as Promise<ProvisionDistrictResult>;
}

/** Every SIS import Canvas took, oldest first: its timing and its CSV rows (file name → rows, header dropped). */
export async function canvasImports(
  world: ProvisioningWorld,
  districtId: string,
): Promise<Array<{ id: number; createdAt: Date; endedAt: Date | null; rows: Map<string, string[]> }>> {
  const imports = [...world.get(districtId).canvas.state.sisImports.values()].sort((a, b) => a.id - b.id);
  return Promise.all(
    imports.map(async (sisImport) => ({
      id: sisImport.id,
      createdAt: sisImport.createdAt,
      endedAt: sisImport.endedAt,
      rows: await csvRows(sisImport.attachment.bytes),
    })),
  );
}

async function csvRows(zip: Buffer): Promise<Map<string, string[]>> {
  const files = new Map<string, string[]>();
  await new Promise<void>((resolve, reject) => {
    fromBuffer(zip, { lazyEntries: true }, (error, archive) => {
      if (error || !archive) return reject(error ?? new Error('no zip'));
      archive.on('entry', (entry) => {
        archive.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks).toString('utf8').split('\n').slice(1).filter(Boolean));
            archive.readEntry();
          });
        });
      });
      archive.on('end', () => resolve());
      archive.readEntry();
    });
  });
  return files;
}
