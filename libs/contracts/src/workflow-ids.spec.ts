import { categoriesWorkflowId, nightlyPassbackScheduleId, passbackWorkflowId } from './passback/passback.workflow-contract';
import { districtCategoriesWorkflowId } from './categories/categories.workflow-contract';
import { resolveTeacherWorkflowId } from './passback/passback-start';
import { workflowId, workflowIdPart } from './workflow-ids';

describe('workflow ids built from outside values', () => {
  it('keeps letters and digits, and encodes everything else so "-" only separates parts', () => {
    expect(workflowIdPart('T4711')).toBe('T4711');
    expect(workflowIdPart('springfield-east')).toBe('springfield%2Deast');
    expect(workflowIdPart('T 1')).toBe('T%201');
    expect(workflowIdPart('T_1')).toBe('T%5F1');
    expect(workflowIdPart('T.1')).toBe('T%2E1');
    expect(workflowIdPart('CRS/1%')).toBe('CRS%2F1%25');
    expect(workflowIdPart('Zoë')).toBe('Zo%C3%AB');
    expect(workflowIdPart("a!~*'()b")).toBe('a%21%7E%2A%27%28%29b');
    expect(workflowId('passback', 'springfield', 'T4711')).toBe('passback-springfield-T4711');
  });

  it('gives two different passbacks two different ids', () => {
    const pairs: Array<[Parameters<typeof passbackWorkflowId>, Parameters<typeof passbackWorkflowId>]> = [
      [
        ['springfield', 'east-T4711'],
        ['springfield-east', 'T4711'],
      ],
      [
        ['d', 'T1', 'CRS-1'],
        ['d', 'T1-CRS', '1'],
      ],
      [
        ['d', 'T 1'],
        ['d', 'T_1'],
      ],
      [
        ['d', 'T1', 'C'],
        ['d', 'T1-C'],
      ],
    ];
    for (const [a, b] of pairs) expect(passbackWorkflowId(...a)).not.toBe(passbackWorkflowId(...b));
    expect(categoriesWorkflowId('springfield', 'east-T4711')).not.toBe(categoriesWorkflowId('springfield-east', 'T4711'));
    expect(categoriesWorkflowId('all', 'x-1')).not.toBe(districtCategoriesWorkflowId('x', '1'));
    expect(nightlyPassbackScheduleId('springfield-east')).toBe('passback-nightly-springfield%2Deast');
    expect(resolveTeacherWorkflowId('d', 'T-1', 'ab12')).not.toBe(resolveTeacherWorkflowId('d-T', '1', 'ab12'));
  });
});
