import { categoryIntegrationData, categorySisSourceId, teacherCategoryIdOf } from './category-link';

describe('the link from an assignment group to its PTP category', () => {
  it('round-trips through sis_source_id and integration_data', () => {
    expect(categorySisSourceId(5120)).toBe('ptp-category-5120');
    expect(teacherCategoryIdOf({ sis_source_id: 'ptp-category-5120' })).toBe(5120);
    expect(teacherCategoryIdOf({ sis_source_id: null, integration_data: categoryIntegrationData(77) })).toBe(77);
  });

  it('finds no link in groups made by hand or by someone else', () => {
    expect(teacherCategoryIdOf({ sis_source_id: null, integration_data: {} })).toBeUndefined();
    expect(teacherCategoryIdOf({ sis_source_id: 'PTP-HOMEWORK', integration_data: { teachercategoryid: 'PTP-HOMEWORK' } })).toBeUndefined();
    expect(teacherCategoryIdOf({ sis_source_id: 'ptp-category-x' })).toBeUndefined();
    expect(teacherCategoryIdOf(null)).toBeUndefined();
  });
});
