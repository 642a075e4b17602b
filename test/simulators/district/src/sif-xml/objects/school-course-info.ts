import { optional, readSchoolYear, requiredAttribute } from '../common-elements';
import { compact, type SifObjectCodec } from '../object-codec';
import { childElement, childText } from '../xml-tree';
import { escapeAttribute, escapeText, textElement } from '../xml-text';

export const schoolCourseInfoCodec: SifObjectCodec<'SchoolCourseInfo'> = {
  objectName: 'SchoolCourseInfo',
  elementOrder: [
    'CourseCode',
    'StateCourseCode',
    'DistrictCourseCode',
    'SubjectAreaList',
    'CourseTitle',
    'Description',
    'InstructionalLevel',
    'CourseCredits',
    'CoreAcademicCourse',
    'GraduationRequirement',
    'Department',
    'SCEDCode',
    'DualCredit',
    'SIF_Metadata',
    'SIF_ExtendedElements',
  ],
  modelledElements: new Set([
    'CourseCode',
    'StateCourseCode',
    'DistrictCourseCode',
    'CourseTitle',
    'Description',
    'CourseCredits',
    'Department',
  ]),
  attributes: (course) => [
    ['RefId', course.refId],
    ['SchoolInfoRefId', course.schoolInfoRefId],
    ['SchoolYear', String(course.schoolYear)],
  ],
  elements: (course) => [
    { name: 'CourseCode', xml: textElement('CourseCode', course.courseCode) },
    { name: 'StateCourseCode', xml: textElement('StateCourseCode', course.stateCourseCode) },
    { name: 'DistrictCourseCode', xml: textElement('DistrictCourseCode', course.districtCourseCode) },
    { name: 'CourseTitle', xml: textElement('CourseTitle', course.courseTitle) },
    { name: 'Description', xml: textElement('Description', course.description) },
    {
      name: 'CourseCredits',
      xml: course.courseCredits
        ? `<CourseCredits Type="${escapeAttribute(course.courseCredits.type)}">${escapeText(course.courseCredits.value)}</CourseCredits>`
        : '',
    },
    { name: 'Department', xml: textElement('Department', course.department) },
  ],
  decode: (element, common) => {
    const object = `SchoolCourseInfo ${common.refId}`;
    const credits = childElement(element, 'CourseCredits');
    return compact({
      ...common,
      schoolInfoRefId: requiredAttribute(object, element, 'SchoolInfoRefId'),
      schoolYear: readSchoolYear(object, element),
      ...optional('courseCode', childText(element, 'CourseCode')),
      ...optional('stateCourseCode', childText(element, 'StateCourseCode')),
      ...optional('districtCourseCode', childText(element, 'DistrictCourseCode')),
      ...optional('courseTitle', childText(element, 'CourseTitle')),
      ...optional('description', childText(element, 'Description')),
      ...optional('courseCredits', credits ? { type: credits.attributes['Type'] ?? '0586', value: credits.text.trim() } : undefined),
      ...optional('department', childText(element, 'Department')),
    });
  },
};
