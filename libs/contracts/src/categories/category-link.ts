/**
 * How a Canvas assignment group carries its PowerTeacher Pro category: `sis_source_id`
 * `ptp-category-{teachercategoryid}` and `integration_data.ptp_teacher_category_id`. Written by
 * canvas-provisioner when it makes or links a group; read by passback from the SIS Integration
 * API's `assignment_group`. A teacher can rename the group in Canvas; these they cannot edit.
 */
export const CATEGORY_SOURCE_ID_PREFIX = 'ptp-category-';
export const CATEGORY_INTEGRATION_KEY = 'ptp_teacher_category_id';

export function categorySisSourceId(teacherCategoryId: number): string {
  return `${CATEGORY_SOURCE_ID_PREFIX}${teacherCategoryId}`;
}

export function categoryIntegrationData(teacherCategoryId: number): Record<string, string> {
  return { [CATEGORY_INTEGRATION_KEY]: String(teacherCategoryId) };
}

/**
 * The teacher category a group is linked to, or undefined. `sis_source_id` wins; the
 * `integration_data` key is read when a group has none (integration_data is merged by Canvas, so it
 * outlives a cleared sis_source_id).
 */
export function teacherCategoryIdOf(
  group: { sis_source_id?: string | null; integration_data?: Record<string, unknown> | null } | null | undefined,
): number | undefined {
  if (!group) return undefined;
  const source = group.sis_source_id ?? '';
  if (source.startsWith(CATEGORY_SOURCE_ID_PREFIX)) {
    const id = Number(source.slice(CATEGORY_SOURCE_ID_PREFIX.length));
    if (Number.isSafeInteger(id) && id > 0) return id;
  }
  const data = group.integration_data?.[CATEGORY_INTEGRATION_KEY];
  const id = typeof data === 'number' ? data : typeof data === 'string' && /^\d+$/.test(data) ? Number(data) : Number.NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}
