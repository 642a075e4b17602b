import { Router, type Request } from 'express';
import type { PtpTeacher } from '@sisbridge/sandbox-district';
import type { PtpRuntime } from '../ptp-runtime';
import { withBreachMitigation } from '../http/breach-mitigation';
import { badRequest, forbidden, notFound, ValidationError, XteError, type FieldProblem } from '../http/xte-errors';
import type { AssignmentRecord } from '../model/gradebook-records';
import { readAssignmentBody, type AssignmentInput } from '../gradebook/assignment-input';
import { assignmentJson } from '../gradebook/assignment-json';
import { createAssignment, replaceAssignment } from '../gradebook/assignment-records';
import { actingTeacher, requireTeaches } from './acting-teacher';

/** Fields whose change means "scoring changed" for an assignment that already has scores. */
const SCORING_FIELDS = ['scoretype', 'scoreentrypoints', 'weight', 'extracreditpoints'] as const;

/**
 * `/ws/xte/section/assignment/` (§2.3): create (201, ids in the `Location` and
 * `AssignmentSectionIds` headers, no body), list by sections, read, replace and delete.
 */
export function sectionAssignmentsRouter(runtime: PtpRuntime): Router {
  const { store } = runtime;
  const router = Router();

  /** The assignment, if the acting teacher teaches at least one of its sections (403 otherwise). */
  const findAssignment = (req: Request, teacher: PtpTeacher): AssignmentRecord => {
    const id = String(req.params['id']);
    const assignment = /^\d+$/.test(id) ? store.assignments.get(Number(id)) : undefined;
    if (!assignment) throw notFound(`Assignment ${id} not found`);
    const taught = store.sectionsTaughtBy(teacher.users_dcid);
    if (runtime.readings.teacherSections === 'enforced' && !assignment.sections.some((s) => taught.has(s.sectionsdcid))) {
      throw forbidden(`User ${teacher.users_dcid} does not have access to assignment ${id}`);
    }
    return assignment;
  };

  router.post(['/ws/xte/section/assignment', '/ws/xte/section/assignment/'], (req, res) => {
    const teacher = actingTeacher(runtime, req);
    const input = readAssignmentBody(runtime, teacher, req.body);
    const assignment = createAssignment(runtime, input);
    res.setHeader('Location', `${req.protocol}://${req.get('host') ?? '127.0.0.1'}/ws/xte/section/assignment/${assignment.assignmentid}`);
    res.setHeader('AssignmentSectionIds', JSON.stringify(assignment.sections.map((s) => s.assignmentsectionid)));
    res.status(201).end();
  });

  router.get(['/ws/xte/section/assignment', '/ws/xte/section/assignment/'], (req, res) => {
    const teacher = actingTeacher(runtime, req);
    const raw = typeof req.query['section_ids'] === 'string' ? req.query['section_ids'] : '';
    const ids = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0 || ids.some((id) => !/^\d+$/.test(id)))
      throw badRequest('section_ids must be a comma-separated list of SECTIONS.DCID values');
    const wanted = new Set<number>();
    for (const id of ids.map(Number)) {
      const section = store.sections.get(id);
      if (!section) throw notFound(`Section ${id} not found`);
      requireTeaches(runtime, teacher, section);
      wanted.add(id);
    }
    const list = [...store.assignments.values()]
      .filter((a) => a.sections.some((s) => wanted.has(s.sectionsdcid)))
      .sort((a, b) => a.assignmentid - b.assignmentid);
    res.json(list.map((a) => withBreachMitigation(assignmentJson(store, a))));
  });

  router.get('/ws/xte/section/assignment/:id', (req, res) => {
    const teacher = actingTeacher(runtime, req);
    res.json(withBreachMitigation(assignmentJson(store, findAssignment(req, teacher))));
  });

  router.put('/ws/xte/section/assignment/:id', (req, res) => {
    const teacher = actingTeacher(runtime, req);
    const assignment = findAssignment(req, teacher);
    const input = readAssignmentBody(runtime, teacher, req.body);
    checkReplacement(runtime, assignment, input, req.query['update_scores'] === 'true');
    replaceAssignment(runtime, assignment, input);
    res.setHeader('Location', `${req.protocol}://${req.get('host') ?? '127.0.0.1'}/ws/xte/section/assignment/${assignment.assignmentid}`);
    res.setHeader('AssignmentSectionIds', JSON.stringify(assignment.sections.map((s) => s.assignmentsectionid)));
    res.status(201).end();
  });

  router.delete('/ws/xte/section/assignment/:id', (req, res) => {
    const teacher = actingTeacher(runtime, req);
    const assignment = findAssignment(req, teacher);
    const hasScores = assignment.sections.some((s) => store.scoresOfSection(s.assignmentsectionid).length > 0);
    if (hasScores && req.query['force'] !== 'true')
      throw new XteError(412, { message: 'Validation Error - Assignment has grades associated' });
    store.removeAssignment(assignment);
    res.status(204).end();
  });

  return router;
}

/**
 * A PUT must include every section of the assignment, and may change scoring on an assignment
 * with scores only with `update_scores=true` (§2.3).
 */
function checkReplacement(runtime: PtpRuntime, assignment: AssignmentRecord, input: AssignmentInput, updateScores: boolean): void {
  const problems: FieldProblem[] = [];
  const incoming = new Map(input.sections.map((s) => [s.sectionsdcid, s]));
  for (const section of assignment.sections) {
    const next = incoming.get(section.sectionsdcid);
    if (!next) {
      problems.push({
        resource: 'assignmentsection',
        field: 'sectionsdcid',
        code: `All sections must be included in multi-section assignment updates (section ${section.sectionsdcid} is missing)`,
      });
      continue;
    }
    const scored = runtime.store.scoresOfSection(section.assignmentsectionid).length > 0;
    const changed = SCORING_FIELDS.filter((field) => section[field] !== next[field]);
    if (scored && changed.length > 0 && !updateScores) {
      problems.push({
        resource: 'assignmentsection',
        field: changed[0] as string,
        code: 'Scores exist for this assignment; changing its scoring needs update_scores=true',
      });
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
}
