import { generateDistrict, parseXmlDocument, type SifObject } from '@sisbridge/sandbox-district';
import { SifError } from '../sif/sif-error';
import { parseSifQuery } from './sif-query';

const district = generateDistrict({ size: 'tiny', seed: 2, schoolYear: 2026 });

function condition(element: string, value: string, operator = 'EQ'): string {
  return `<SIF_Condition><SIF_Element>${element}</SIF_Element><SIF_Operator>${operator}</SIF_Operator><SIF_Value>${value}</SIF_Value></SIF_Condition>`;
}

function query(objectName: string, group: string): ReturnType<typeof parseXmlDocument> {
  return parseXmlDocument(`<SIF_Query><SIF_QueryObject ObjectName="${objectName}"/>${group}</SIF_Query>`);
}

function refused(run: () => unknown): SifError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof SifError) return error;
    throw error;
  }
  return undefined;
}

describe('SIF_Query conditions', () => {
  it('selects by @SchoolYear EQ', () => {
    const parsed = parseSifQuery(
      query(
        'SectionInfo',
        `<SIF_ConditionGroup Type="None"><SIF_Conditions Type="None">${condition('@SchoolYear', '2025')}</SIF_Conditions></SIF_ConditionGroup>`,
      ),
      'SectionInfo',
      'ignore',
    );
    const selected = district.sections.filter(parsed.matches);
    expect(selected.length).toBeGreaterThan(0);
    expect(selected).toEqual(district.sections.filter((section) => section.schoolYear === 2025));
  });

  it('pins @RefId EQ ANDed with other conditions, and ORs when told', () => {
    const [first, second] = district.students as [SifObject, SifObject];
    const anded = parseSifQuery(
      query(
        'StudentPersonal',
        `<SIF_ConditionGroup Type="None"><SIF_Conditions Type="And">${condition('@RefId', first.refId)}${condition('@SchoolYear', '2026')}</SIF_Conditions></SIF_ConditionGroup>`,
      ),
      'StudentPersonal',
      'ignore',
    );
    expect(anded.refId).toBe(first.refId);
    const ored = parseSifQuery(
      query(
        'StudentPersonal',
        `<SIF_ConditionGroup Type="None"><SIF_Conditions Type="Or">${condition('@RefId', first.refId)}${condition('@RefId', second.refId)}</SIF_Conditions></SIF_ConditionGroup>`,
      ),
      'StudentPersonal',
      'ignore',
    );
    expect(ored.refId).toBeUndefined();
    expect(district.students.filter(ored.matches)).toEqual([first, second]);
  });

  it('ignores @SchoolYear on objects without one, or refuses it [U]', () => {
    const group = `<SIF_ConditionGroup Type="None"><SIF_Conditions Type="None">${condition('@SchoolYear', '2026')}</SIF_Conditions></SIF_ConditionGroup>`;
    expect(district.students.filter(parseSifQuery(query('StudentPersonal', group), 'StudentPersonal', 'ignore').matches)).toHaveLength(
      district.students.length,
    );
    expect(refused(() => parseSifQuery(query('StudentPersonal', group), 'StudentPersonal', 'reject'))).toMatchObject({
      category: 8,
      code: 9,
      extendedDesc: 'conditions may test the root attributes of StudentPersonal only (@RefId); got "@SchoolYear"',
    });
  });

  it('refuses what PowerSchool is not asked for here with 8/9, saying what is supported', () => {
    const one = (element: string, operator = 'EQ') =>
      query(
        'TermInfo',
        `<SIF_ConditionGroup Type="None"><SIF_Conditions Type="None">${condition(element, '2026', operator)}</SIF_Conditions></SIF_ConditionGroup>`,
      );
    expect(refused(() => parseSifQuery(one('StartDate'), 'TermInfo', 'ignore'))).toMatchObject({
      category: 8,
      code: 9,
      extendedDesc: 'conditions may test the root attributes of TermInfo only (@RefId, @SchoolInfoRefId, @SchoolYear); got "StartDate"',
    });
    expect(refused(() => parseSifQuery(one('@SchoolYear', 'GT'), 'TermInfo', 'ignore'))).toMatchObject({
      category: 8,
      code: 9,
      extendedDesc: 'only the EQ operator is supported; got "GT" on @SchoolYear',
    });
    expect(
      refused(() =>
        parseSifQuery(
          parseXmlDocument('<SIF_Query><SIF_QueryObject ObjectName="TermInfo"/><SIF_Example/></SIF_Query>'),
          'TermInfo',
          'ignore',
        ),
      ),
    ).toMatchObject({ category: 8, code: 9 });
  });
});
