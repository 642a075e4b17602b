import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes, so an operator can find a district's runs in Temporal UI
 * (`SisbridgeDistrict = "springfield"`). They must be registered on the namespace: the local
 * stack and tests do it when starting the dev server; in Kubernetes the schedules Job does it.
 * Values are ids, never names of people.
 */
export const SearchAttributes = {
  district: defineSearchAttributeKey('SisbridgeDistrict', SearchAttributeType.KEYWORD),
  schoolYear: defineSearchAttributeKey('SisbridgeSchoolYear', SearchAttributeType.INT),
  school: defineSearchAttributeKey('SisbridgeSchool', SearchAttributeType.KEYWORD),
  teacher: defineSearchAttributeKey('SisbridgeTeacher', SearchAttributeType.KEYWORD),
  term: defineSearchAttributeKey('SisbridgeTerm', SearchAttributeType.KEYWORD),
  runKind: defineSearchAttributeKey('SisbridgeRunKind', SearchAttributeType.KEYWORD),
} as const;

export const ALL_SEARCH_ATTRIBUTES = Object.values(SearchAttributes);
