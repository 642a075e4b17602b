import { optional, readSchoolYear, requiredAttribute, requiredText } from '../common-elements';
import { compact, type SifObjectCodec } from '../object-codec';
import { childText } from '../xml-tree';
import { textElement } from '../xml-text';

export const termInfoCodec: SifObjectCodec<'TermInfo'> = {
  objectName: 'TermInfo',
  elementOrder: [
    'StartDate',
    'EndDate',
    'Description',
    'RelativeDuration',
    'TermCode',
    'Track',
    'TermSpan',
    'MarkingTerm',
    'SchedulingTerm',
    'AttendanceTerm',
    'SIF_Metadata',
    'SIF_ExtendedElements',
  ],
  modelledElements: new Set(['StartDate', 'EndDate', 'Description', 'RelativeDuration', 'TermCode']),
  attributes: (term) => [
    ['RefId', term.refId],
    ['SchoolInfoRefId', term.schoolInfoRefId],
    ['SchoolYear', String(term.schoolYear)],
  ],
  elements: (term) => [
    { name: 'StartDate', xml: textElement('StartDate', term.startDate) },
    { name: 'EndDate', xml: textElement('EndDate', term.endDate) },
    { name: 'Description', xml: textElement('Description', term.description) },
    { name: 'RelativeDuration', xml: textElement('RelativeDuration', term.relativeDuration) },
    { name: 'TermCode', xml: textElement('TermCode', term.termCode) },
  ],
  decode: (element, common) => {
    const object = `TermInfo ${common.refId}`;
    return compact({
      ...common,
      schoolInfoRefId: requiredAttribute(object, element, 'SchoolInfoRefId'),
      schoolYear: readSchoolYear(object, element),
      startDate: requiredText(object, element, 'StartDate'),
      endDate: requiredText(object, element, 'EndDate'),
      ...optional('description', childText(element, 'Description')),
      ...optional('relativeDuration', childText(element, 'RelativeDuration')),
      ...optional('termCode', childText(element, 'TermCode')),
    });
  },
};
