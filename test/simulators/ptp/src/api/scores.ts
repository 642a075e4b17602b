import { Router } from 'express';
import type { PtpRuntime } from '../ptp-runtime';
import { withBreachMitigation } from '../http/breach-mitigation';
import { badRequest, conflictBody, notFound, ValidationError, XteError } from '../http/xte-errors';
import { isObject, numberField } from '../gradebook/json-fields';
import { readScoreRow, type ScoreRowResult } from '../gradebook/score-input';
import { scoreJson } from '../gradebook/score-json';
import { actingTeacher, requireTeaches } from './acting-teacher';

/**
 * Scores (§2.4): `PUT /ws/xte/score` writes a batch (create or update); what a refused row does
 * to the batch is a reading. `POST /ws/xte/assignment_score` reads scores back, as an OAuth
 * client does.
 */
export function scoresRouter(runtime: PtpRuntime): Router {
  const { store } = runtime;
  const router = Router();

  router.put(['/ws/xte/score', '/ws/xte/score/'], (req, res) => {
    const teacher = actingTeacher(runtime, req);
    const body: unknown = req.body;
    const rows = isObject(body) ? body['assignment_scores'] : undefined;
    if (!Array.isArray(rows)) throw badRequest('The body must be {"assignment_scores": [ … ]}');
    const results = rows.map((row, index) => readScoreRow(runtime, teacher, row, index));
    const refused = results.filter((r): r is Extract<ScoreRowResult, { ok: false }> => !r.ok);

    if (runtime.readings.scoreBatchConflicts === 'whole-batch' && refused.length > 0) {
      // One bad row fails the whole request; nothing is saved.
      const worst = refused.find((r) => r.status === 400) ?? refused.find((r) => r.status === 404) ?? refused[0];
      if (worst && worst.status !== 409)
        throw new XteError(worst.status, { message: worst.problems.map((p) => `${p.resource}.${p.field}: ${p.code}`).join('; ') });
      throw new ValidationError(refused.flatMap((r) => r.problems));
    }
    const answered = results.map((result) => {
      if (!result.ok) {
        const nested = isObject(result.row['_assignmentsection']) ? result.row['_assignmentsection'] : {};
        return {
          studentsdcid: numberField(result.row['studentsdcid']) ?? null,
          _assignmentsection: {
            assignmentsectionid: numberField(nested['assignmentsectionid']) ?? numberField(result.row['assignmentsectionid']) ?? null,
          },
          batch_result: { code: result.status, ...(conflictBody(result.problems, runtime.readings) as object) },
        };
      }
      const score = result.score;
      if (result.created) score.assignmentscoreid = store.nextScoreId();
      store.addScore(score);
      return { ...scoreJson(score, result.sectionsdcid), batch_result: { code: result.created ? 201 : 200 } };
    });
    res.json(withBreachMitigation({ assignment_scores: answered }));
  });

  router.post(['/ws/xte/assignment_score', '/ws/xte/assignment_score/'], (req, res) => {
    const teacher = actingTeacher(runtime, req);
    const body: unknown = req.body;
    if (!isObject(body)) throw badRequest('The body must be {"assignment_ids": [ … ], "section_ids": [ … ]}');
    const ids = (key: string) =>
      Array.isArray(body[key])
        ? (body[key] as unknown[]).map(numberField).filter((n): n is number => n !== undefined && !Number.isNaN(n))
        : [];
    const assignmentIds = new Set(ids('assignment_ids'));
    const sectionIds = new Set(ids('section_ids'));
    if (assignmentIds.size === 0 && sectionIds.size === 0) throw badRequest('assignment_ids or section_ids is required');
    for (const sectionsdcid of sectionIds) {
      const section = store.sections.get(sectionsdcid);
      if (!section) throw notFound(`Section ${sectionsdcid} not found`);
      requireTeaches(runtime, teacher, section);
    }
    const taught = store.sectionsTaughtBy(teacher.users_dcid);
    const enforced = runtime.readings.teacherSections === 'enforced';
    const scores = [...store.scores.values()]
      .filter((score) => {
        const section = store.assignmentSections.get(score.assignmentsectionid);
        if (!section) return false;
        if (assignmentIds.size > 0 && !assignmentIds.has(section.assignmentid)) return false;
        if (sectionIds.size > 0 && !sectionIds.has(section.sectionsdcid)) return false;
        return !enforced || taught.has(section.sectionsdcid);
      })
      .sort((a, b) => a.assignmentscoreid - b.assignmentscoreid);
    res.json(
      scores.map((score) => withBreachMitigation(scoreJson(score, store.assignmentSections.get(score.assignmentsectionid)?.sectionsdcid))),
    );
  });

  return router;
}
