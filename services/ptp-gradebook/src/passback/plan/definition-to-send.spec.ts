import { definitionToSend } from './definition-to-send';
import type { SectionDefinition } from './section-definition';

const planned: SectionDefinition = {
  name: 'Lab 4',
  dueDate: '2025-10-14',
  points: 10,
  extraCreditPoints: 0,
  countsInFinalGrade: true,
  publishScores: true,
  publishOption: 'Immediately',
  teacherCategoryId: 5,
  yearId: 35,
};

describe('the definition PTP gets for a planned assignment section', () => {
  it('is the plan when no score is above points possible', () => {
    expect(definitionToSend(planned, 9.5, 'extra-points')).toBe(planned);
    expect(definitionToSend(planned, undefined, 'extra-points')).toBe(planned);
  });

  it('gets the extra points the highest score needs, leaving the plan as it was', () => {
    const sent = definitionToSend(planned, 12.5, 'extra-points');
    expect(sent).toEqual({ ...planned, extraCreditPoints: 2.5 });
    expect(planned.extraCreditPoints).toBe(0);
  });

  it('never goes over PTP’s ceiling of 9,999 points in all', () => {
    expect(definitionToSend({ ...planned, points: 9990 }, 10_500, 'extra-points').extraCreditPoints).toBe(9);
  });

  it('gets none where the district clamps scores to points possible', () => {
    expect(definitionToSend(planned, 12, 'clamp')).toBe(planned);
  });
});
