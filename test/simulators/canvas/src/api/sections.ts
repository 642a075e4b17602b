import { Router } from 'express';
import type { CanvasRuntime } from '../canvas-runtime';
import { notFound, validationFailed } from '../http/canvas-errors';
import { parseApiTime } from '../http/canvas-time';
import { paginate } from '../http/pagination';
import { paramObject, paramPresent, paramString, paramStrings, requestParams } from '../http/param-readers';
import type { ParamObject } from '../http/rails-params';
import { findCourse, findSection } from '../model/api-find';
import type { CanvasStore } from '../model/canvas-store';
import type { Section } from '../model/entities';
import { sectionJson } from '../json/section-json';

/** Sections API: list per course, get, create, update, delete. */
export function sectionsRouter(runtime: CanvasRuntime): Router {
  const { store } = runtime;
  const router = Router();

  router.get('/api/v1/courses/:course_id/sections', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const includes = paramStrings(requestParams(req)['include']);
    const sections = store
      .sectionsOfCourse(course.id)
      .filter((s) => s.workflowState === 'active')
      .sort((a, b) => a.id - b.id);
    res.json(paginate(req, res, sections).map((s) => sectionJson(store, s, includes)));
  });

  router.get('/api/v1/courses/:course_id/sections/:section_id', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const section = findSection(store, String(req.params['section_id']));
    if (section.courseId !== course.id) throw notFound();
    res.json(sectionJson(store, section, paramStrings(requestParams(req)['include'])));
  });

  router.get('/api/v1/sections/:section_id', (req, res) => {
    res.json(sectionJson(store, findSection(store, String(req.params['section_id'])), paramStrings(requestParams(req)['include'])));
  });

  router.post('/api/v1/courses/:course_id/sections', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const fields = paramObject(requestParams(req)['course_section']) ?? {};
    const sisSectionId = paramPresent(fields['sis_section_id']) ?? null;
    if (sisSectionId && store.sectionBySisId(sisSectionId)) {
      throw validationFailed([{ attribute: 'sis_source_id', type: 'taken', message: `SIS ID "${sisSectionId}" is already in use` }]);
    }
    const section: Section = {
      id: store.nextId(),
      courseId: course.id,
      name: paramPresent(fields['name']) ?? 'Section',
      sisSectionId,
      integrationId: paramPresent(fields['integration_id']) ?? null,
      workflowState: 'active',
      startAt: null,
      endAt: null,
      restrictEnrollmentsToSectionDates: false,
      defaultSection: false,
      sisBatchId: null,
      stuckFields: new Set(),
      createdAt: store.now(),
    };
    applySectionFields(store, section, fields, false);
    store.addSection(section);
    res.json(sectionJson(store, section));
  });

  router.put('/api/v1/sections/:section_id', (req, res) => {
    const section = findSection(store, String(req.params['section_id']));
    applySectionFields(store, section, paramObject(requestParams(req)['course_section']) ?? {}, true);
    res.json(sectionJson(store, section));
  });

  router.delete('/api/v1/sections/:section_id', (req, res) => {
    const section = findSection(store, String(req.params['section_id']));
    section.workflowState = 'deleted';
    res.json(sectionJson(store, section));
  });

  return router;
}

function applySectionFields(store: CanvasStore, section: Section, fields: ParamObject, markSticky: boolean): void {
  const name = paramPresent(fields['name']);
  if (name) {
    section.name = name;
    if (markSticky) section.stuckFields.add('name');
  }
  for (const [field, key] of [
    ['start_at', 'startAt'],
    ['end_at', 'endAt'],
  ] as const) {
    const raw = paramString(fields[field]);
    if (raw === undefined) continue;
    section[key] = raw.trim() === '' ? null : (parseApiTime(raw) ?? section[key]);
    if (markSticky) section.stuckFields.add(field);
  }
  const sisId = paramPresent(fields['sis_section_id']);
  if (sisId && markSticky && sisId !== section.sisSectionId) {
    store.reindexSisId('section', section.sisSectionId, sisId, section.id);
    section.sisSectionId = sisId;
  }
}
