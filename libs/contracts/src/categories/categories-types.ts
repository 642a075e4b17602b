/**
 * PowerTeacher Pro teacher categories on their way to Canvas assignment groups. Names of
 * categories are the teacher's gradebook setup, not people: they may travel through Temporal.
 */

/** One teacher category of the school year, with the teacher's sections it is excluded from. */
export interface CategoryForCanvas {
  teacherCategoryId: number;
  name: string;
  active: boolean;
  displayPosition: number;
  /** Canvas section SIS ids (= the PowerSchool sections) the category is excluded from. */
  excludedSectionSisIds: string[];
}

/** What `readTeacherCategories` found: the teacher, the year, their sections and their categories. */
export interface TeacherCategories {
  teacherSisId: string;
  usersDcid: number;
  /** PTP YEARID (start year − 1990). */
  yearId: number;
  /** The teacher's sections this school year, by SIS id: only Canvas courses holding one of them get groups. */
  sectionSisIds: string[];
  categories: CategoryForCanvas[];
}

/** Per course, what happened to each category; totals over the teacher's courses. */
export interface AssignmentGroupSyncResult {
  courses: number;
  /** Groups created for categories that had none in a course. */
  created: number;
  /** Groups renamed because the category was renamed in PTP. */
  renamed: number;
  /** Groups found by their `sis_source_id` (made earlier, or by a run that stopped before it stored the link). */
  relinked: number;
  /** Groups deleted in Canvas while their category is active, made again. */
  recreated: number;
  unchanged: number;
  /** Inactive categories: no group is made (an existing one is left alone). */
  inactive: number;
  /** Categories excluded from every one of the teacher's sections in a course. */
  excluded: number;
}

/** Activities on the `ptp-gradebook` queue for categories. */
export interface TeacherCategoryActivities {
  readTeacherCategories(input: { districtId: string; teacherSisId: string }): Promise<TeacherCategories>;
  /** Teachers (SIS ids) with sections in the district's latest roster, a page at a time in a stable order. */
  teachersWithSections(input: { districtId: string; after?: string; limit: number }): Promise<{ teacherSisIds: string[] }>;
}

/** Activities on the `canvas-provisioner` queue for categories (canvas-provisioner writes Canvas). */
export interface AssignmentGroupActivities {
  /** Creates or updates the teacher's assignment groups in every course holding one of their sections. */
  syncAssignmentGroups(input: { districtId: string; categories: TeacherCategories }): Promise<AssignmentGroupSyncResult>;
}
