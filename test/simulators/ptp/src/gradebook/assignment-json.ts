import type { PtpStore } from '../model/ptp-store';
import type { AssignmentRecord, AssignmentSectionRecord } from '../model/gradebook-records';
import { isLocked } from './term-locks';

/** An assignment as `GET /ws/xte/section/assignment/{id}` returns it (§2.3), with every section. */
export function assignmentJson(store: PtpStore, assignment: AssignmentRecord): Record<string, unknown> {
  return {
    _name: 'assignment',
    _id: assignment.assignmentid,
    assignmentid: assignment.assignmentid,
    createdbyplugin: assignment.createdbyplugin,
    hasstandards: false,
    hasextracriteria: false,
    standardcalcdirection: assignment.standardcalcdirection,
    standardscoringmethod: assignment.standardscoringmethod,
    yearid: assignment.yearid,
    whenmodified: assignment.whenmodified,
    _assignmentstandardassociations: [],
    _assignmentsections: assignment.sections.map((section) => assignmentSectionJson(store, section)),
  };
}

export function assignmentSectionJson(store: PtpStore, section: AssignmentSectionRecord): Record<string, unknown> {
  const ptpSection = store.sections.get(section.sectionsdcid);
  return {
    _name: 'assignmentsection',
    _id: section.assignmentsectionid,
    assignmentsectionid: section.assignmentsectionid,
    assignmentid: section.assignmentid,
    sectionsdcid: section.sectionsdcid,
    yearid: section.yearid,
    name: section.name,
    description: section.description,
    duedate: section.duedate,
    scoretype: section.scoretype,
    scoreentrypoints: section.scoreentrypoints,
    weight: section.weight,
    totalpointvalue: section.totalpointvalue,
    extracreditpoints: section.extracreditpoints,
    iscountedinfinalgrade: section.iscountedinfinalgrade,
    isscoringneeded: section.isscoringneeded,
    isscorespublish: section.isscorespublish,
    islocked: ptpSection ? isLocked(store, ptpSection, section.duedate) : false,
    publishoption: section.publishoption,
    publishdaysbeforedue: section.publishdaysbeforedue,
    publishonspecificdate: section.publishonspecificdate,
    maxretakeallowed: section.maxretakeallowed,
    relatedgradescaleitemdcid: section.relatedgradescaleitemdcid,
    whenmodified: section.whenmodified,
    minvalues: { minpercent: 0, minpoints: 0, mingrade: 'F' },
    _assignmentstudentassociations: section.studentAssociations.map((studentsdcid) => ({ _name: 'assignmentstudentassoc', studentsdcid })),
    _assignmentcategoryassociations: section.categoryAssociations.map((assoc) => {
      const category = store.categories.get(assoc.teachercategoryid);
      return {
        _name: 'assignmentcategoryassoc',
        _id: assoc.assignmentcategoryassocid,
        assignmentcategoryassocid: assoc.assignmentcategoryassocid,
        teachercategoryid: assoc.teachercategoryid,
        isprimary: assoc.isprimary,
        _teachercategory: category ? { name: category.name, color: category.color, description: category.description } : null,
      };
    }),
  };
}
