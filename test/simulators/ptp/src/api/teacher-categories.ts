import { Router } from 'express';
import type { PtpTeacherCategory } from '@sisbridge/sandbox-district';
import type { PtpRuntime } from '../ptp-runtime';
import { withBreachMitigation } from '../http/breach-mitigation';
import { badRequest } from '../http/xte-errors';
import { actingTeacher } from './acting-teacher';

/**
 * `GET /ws/xte/teacher_category?users_dcid=&year_id=` (§2.2): the teacher's categories as a JSON
 * array, district copies and their own, with their section exclusions for that year's sections.
 * What `year_id=0` returns is a reading.
 */
export function teacherCategoriesRouter(runtime: PtpRuntime): Router {
  const router = Router();
  router.get('/ws/xte/teacher_category', (req, res) => {
    const teacher = actingTeacher(runtime, req);
    const raw = typeof req.query['year_id'] === 'string' ? req.query['year_id'].trim() : '';
    if (!/^\d+$/.test(raw)) throw badRequest('year_id is required for OAuth clients and must be a number');
    const yearId = Number(raw);
    const categories = runtime.store.categoriesOf(teacher.users_dcid);
    if (yearId === 0) {
      if (runtime.readings.yearIdZero === 'error') throw badRequest('year_id 0 is not a year');
      if (runtime.readings.yearIdZero === 'empty') {
        res.json([]);
        return;
      }
    }
    const sectionsOfYear = new Set(
      [...runtime.store.sections.values()].filter((s) => yearId === 0 || s.yearid === yearId).map((s) => s.sectionsdcid),
    );
    res.json(categories.map((category) => withBreachMitigation(categoryJson(category, sectionsOfYear))));
  });
  return router;
}

function categoryJson(category: PtpTeacherCategory, sectionsOfYear: ReadonlySet<number>): Record<string, unknown> {
  return {
    _name: 'teachercategory',
    _id: category.teachercategoryid,
    teachercategoryid: category.teachercategoryid,
    name: category.name,
    description: category.description,
    categorytype: category.categorytype,
    districtteachercategoryid: category.districtteachercategoryid,
    usersdcid: category.usersdcid,
    isactive: category.isactive,
    isinfinalgrades: category.isinfinalgrades,
    isusermodifiable: category.isusermodifiable,
    isdefaultpublishscores: category.isdefaultpublishscores,
    defaultpublishoption: category.defaultpublishoption,
    defaultscoretype: category.defaultscoretype,
    defaultscoreentrypoints: category.defaultscoreentrypoints,
    defaulttotalvalue: category.defaulttotalvalue,
    defaultweight: category.defaultweight,
    defaultextracreditpoints: category.defaultextracreditpoints,
    defaultdaysbeforedue: category.defaultdaysbeforedue,
    color: category.color,
    displayposition: category.displayposition,
    teachermodified: category.teachermodified,
    _categoryschoolexcludeassociations: [],
    _teachercategorysectionexcludeassociations: category.section_exclusions
      .filter((sectionsdcid) => sectionsOfYear.has(sectionsdcid))
      .map((sectionsdcid) => ({
        _name: 'teachercategorysectionexcludeassoc',
        teachercategoryid: category.teachercategoryid,
        sectionsdcid,
      })),
  };
}
