import type { PtpHttp, PtpResponse } from '../http/ptp-http';
import { PtpApiError } from '../http/ptp-api-error';
import { idValue, isRecord, listValue, textValue } from '../types/json-values';
import type { AssignmentInput, AssignmentSectionInput, CreatedAssignment, PtpAssignment } from '../types/ptp-types';

const PATH = '/ws/xte/section/assignment';

/**
 * `/ws/xte/section/assignment/` (powerteacher-pro.md §2.3): create (201 with the ids in the
 * `Location` and `AssignmentSectionIds` headers), read, list by sections, replace, delete.
 */
export class SectionAssignmentsApi {
  constructor(private readonly http: PtpHttp) {}

  /**
   * Creates an assignment. Not retried after a 5xx or a dropped connection (it may have been
   * saved): the caller looks for it with `list` first.
   */
  async create(usersDcid: number, input: AssignmentInput): Promise<CreatedAssignment> {
    const response = await this.http.request<unknown>('POST', `${PATH}/`, {
      query: { users_dcid: usersDcid },
      body: assignmentBody(input),
      idempotent: false,
    });
    return createdIds(response);
  }

  async get(usersDcid: number, assignmentId: number): Promise<PtpAssignment> {
    const response = await this.http.request<unknown>('GET', `${PATH}/${assignmentId}`, {
      query: { users_dcid: usersDcid },
      idempotent: true,
    });
    return parseAssignment(response.data, `GET ${PATH}/{id}`);
  }

  async list(usersDcid: number, sectionDcids: readonly number[]): Promise<PtpAssignment[]> {
    if (sectionDcids.length === 0) return [];
    const response = await this.http.request<unknown>('GET', `${PATH}/`, {
      query: { users_dcid: usersDcid, section_ids: sectionDcids },
      idempotent: true,
    });
    return listValue(response.data).map((entry) => parseAssignment(entry, `GET ${PATH}/`));
  }

  /**
   * Replaces an assignment with `input` (every section must be in it). `updateScores` must be set
   * when scoring changes on an assignment that has scores.
   */
  async update(usersDcid: number, assignmentId: number, input: AssignmentInput, options: { updateScores: boolean }): Promise<void> {
    await this.replace(usersDcid, assignmentId, { ...assignmentBody(input), assignmentid: assignmentId, _id: assignmentId }, options);
  }

  /** Puts back an assignment exactly as `get` returned it (compensation). */
  async replace(usersDcid: number, assignmentId: number, json: Record<string, unknown>, options: { updateScores: boolean }): Promise<void> {
    await this.http.request<unknown>('PUT', `${PATH}/${assignmentId}`, {
      query: { users_dcid: usersDcid, ...(options.updateScores ? { update_scores: true } : {}) },
      body: json,
      idempotent: true,
    });
  }

  /** Deletes an assignment (with `force`, also its scores). Already gone counts as deleted. */
  async delete(usersDcid: number, assignmentId: number, options: { force: boolean }): Promise<'deleted' | 'absent'> {
    try {
      await this.http.request<unknown>('DELETE', `${PATH}/${assignmentId}`, {
        query: { users_dcid: usersDcid, ...(options.force ? { force: true } : {}) },
        idempotent: true,
      });
      return 'deleted';
    } catch (error) {
      if (error instanceof PtpApiError && error.kind === 'not-found') return 'absent';
      throw error;
    }
  }
}

/**
 * The create body. Every observed working create sends the standard fields (`standardcalcdirection`,
 * `standardscoringmethod`, top-level `yearid`, `_assignmentstandardassociations`); whether they may
 * be left out is [U], and sending them costs nothing, so they are always sent.
 */
export function assignmentBody(input: AssignmentInput): Record<string, unknown> {
  return {
    standardcalcdirection: 'NONE',
    standardscoringmethod: 'GradeScale',
    yearid: input.yearId,
    _assignmentstandardassociations: [],
    _assignmentsections: input.sections.map(sectionBody),
  };
}

function sectionBody(section: AssignmentSectionInput): Record<string, unknown> {
  return {
    ...(section.assignmentSectionId === undefined
      ? {}
      : { assignmentsectionid: section.assignmentSectionId, _id: section.assignmentSectionId }),
    sectionsdcid: section.sectionsDcid,
    yearid: section.yearId,
    name: section.name,
    description: section.description,
    duedate: section.dueDate,
    scoretype: 'POINTS',
    scoreentrypoints: section.points,
    totalpointvalue: section.points,
    weight: 1,
    extracreditpoints: section.extraCreditPoints,
    iscountedinfinalgrade: section.countsInFinalGrade,
    isscoringneeded: false,
    isscorespublish: section.publishScores,
    publishoption: section.publishOption,
    publishdaysbeforedue: 0,
    maxretakeallowed: 0,
    _assignmentstudentassociations: [],
    _assignmentcategoryassociations: [{ teachercategoryid: section.teacherCategoryId, isprimary: true }],
  };
}

/**
 * The ids of a new assignment: `Location` ends with the ASSIGNMENT id (not the assignment
 * section's); `AssignmentSectionIds` is a JSON array of the new assignment sections, in the order
 * of `_assignmentsections`.
 */
export function createdIds(response: Pick<PtpResponse<unknown>, 'status' | 'headers'>): CreatedAssignment {
  const location = response.headers['location'];
  const assignmentId = location ? idValue(/\/(\d+)\/?$/.exec(location)?.[1]) : null;
  const raw = response.headers['assignmentsectionids'];
  let sectionIds: number[] = [];
  if (raw) {
    try {
      sectionIds = listValue(JSON.parse(raw) as unknown)
        .map(idValue)
        .filter((id): id is number => id !== null);
    } catch {
      sectionIds = raw
        .split(/[,\s[\]]+/)
        .map(idValue)
        .filter((id): id is number => id !== null);
    }
  }
  if (assignmentId === null || sectionIds.length === 0) {
    throw new PtpApiError(
      'invalid-response',
      `POST ${PATH}/`,
      response.status,
      'the assignment was created but the Location or AssignmentSectionIds header is missing',
    );
  }
  return { assignmentId, assignmentSectionIds: sectionIds };
}

export function parseAssignment(entry: unknown, label: string): PtpAssignment {
  if (!isRecord(entry)) throw new PtpApiError('invalid-response', label, 200, 'an assignment is not an object');
  const assignmentId = idValue(entry['assignmentid']) ?? idValue(entry['_id']);
  if (assignmentId === null) throw new PtpApiError('invalid-response', label, 200, 'an assignment has no assignmentid');
  return {
    assignmentId,
    createdByPlugin: textValue(entry['createdbyplugin']),
    sections: listValue(entry['_assignmentsections'])
      .filter(isRecord)
      .map((section) => {
        const primary = listValue(section['_assignmentcategoryassociations']).filter(isRecord);
        const category = primary.find((assoc) => assoc['isprimary'] === true) ?? primary[0];
        return {
          // KENKEN saw assignmentsectionid arrive as an array; idValue takes its first element.
          assignmentSectionId: idValue(section['assignmentsectionid']) ?? idValue(section['_id']) ?? 0,
          sectionsDcid: idValue(section['sectionsdcid']) ?? 0,
          name: textValue(section['name']) ?? '',
          dueDate: textValue(section['duedate']),
          teacherCategoryId: category ? idValue(category['teachercategoryid']) : null,
        };
      }),
    json: entry,
  };
}
