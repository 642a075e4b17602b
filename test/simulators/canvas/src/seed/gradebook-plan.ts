/**
 * What the seeded gradebook contains: the assignment groups and post_to_sis assignments a
 * passback tool must handle, each with the one problem (if any) it is there to exercise. Pure:
 * the term's dates in, the plan out.
 */

/** Why an assignment is in the seeded gradebook. */
export type SeedCase =
  | 'valid'
  | 'valid_section_override'
  | 'name_too_long'
  | 'no_due_date'
  | 'due_outside_term'
  | 'student_overrides'
  | 'unlinked_group'
  | 'not_post_to_sis'
  | 'unpublished';

export interface PlannedGroup {
  key: string;
  name: string;
  /** Linked groups carry the PTP teacher category as `sis_source_id` and in `integration_data`. */
  linked: boolean;
}

export interface PlannedAssignment {
  key: string;
  case: SeedCase;
  group: string;
  name: string;
  pointsPossible: number;
  dueAt: Date | null;
  postToSis: boolean;
  published: boolean;
  submissionTypes: string[];
  /** A due date for the course's second section only. */
  secondSectionDueAt?: Date;
  /** Assigned only to the first students of the roster (an override for them). */
  onlyStudents?: number;
  /** Whether to enter grades for it. */
  graded: boolean;
}

export const SEED_GROUPS: readonly PlannedGroup[] = [
  { key: 'homework', name: 'Homework', linked: true },
  { key: 'quiz', name: 'Quiz', linked: true },
  { key: 'test', name: 'Test', linked: true },
  { key: 'extra', name: 'Extra Practice', linked: false },
];

/** PowerTeacher Pro refuses assignment names over 50 characters; this one is 72. */
export const LONG_ASSIGNMENT_NAME = 'Comprehensive Laboratory Report on Cellular Respiration and Fermentation';

export function planGradebook(term: { start: Date; end: Date }): PlannedAssignment[] {
  const day = 86_400_000;
  // Due dates inside the term (in the past for the demo term, which started 60 days ago).
  const due = (daysIn: number) => new Date(Math.min(term.start.getTime() + daysIn * day, term.end.getTime() - day));
  const online = ['online_text_entry'];
  return [
    {
      key: 'worksheet',
      case: 'valid',
      group: 'homework',
      name: 'Cell Structure Worksheet',
      pointsPossible: 10,
      dueAt: due(14),
      postToSis: true,
      published: true,
      submissionTypes: online,
      graded: true,
    },
    {
      key: 'quiz1',
      case: 'valid',
      group: 'quiz',
      name: 'Photosynthesis Quiz',
      pointsPossible: 20,
      dueAt: due(21),
      postToSis: true,
      published: true,
      submissionTypes: online,
      graded: true,
    },
    {
      key: 'test1',
      case: 'valid_section_override',
      group: 'test',
      name: 'Unit 1 Test',
      pointsPossible: 100,
      dueAt: due(28),
      secondSectionDueAt: due(30),
      postToSis: true,
      published: true,
      submissionTypes: ['on_paper'],
      graded: true,
    },
    {
      key: 'long',
      case: 'name_too_long',
      group: 'homework',
      name: LONG_ASSIGNMENT_NAME,
      pointsPossible: 50,
      dueAt: due(35),
      postToSis: true,
      published: true,
      submissionTypes: online,
      graded: true,
    },
    {
      key: 'nodue',
      case: 'no_due_date',
      group: 'homework',
      name: 'Reading Reflection',
      pointsPossible: 10,
      dueAt: null,
      postToSis: true,
      published: true,
      submissionTypes: online,
      graded: true,
    },
    {
      key: 'outside',
      case: 'due_outside_term',
      group: 'test',
      name: 'Summer Enrichment Project',
      pointsPossible: 50,
      dueAt: new Date(term.end.getTime() + 30 * day),
      postToSis: true,
      published: true,
      submissionTypes: online,
      graded: true,
    },
    {
      key: 'makeup',
      case: 'student_overrides',
      group: 'quiz',
      name: 'Makeup Quiz',
      pointsPossible: 20,
      dueAt: due(40),
      onlyStudents: 2,
      postToSis: true,
      published: true,
      submissionTypes: online,
      graded: true,
    },
    {
      key: 'bonus',
      case: 'unlinked_group',
      group: 'extra',
      name: 'Bonus Puzzle',
      pointsPossible: 5,
      dueAt: due(42),
      postToSis: true,
      published: true,
      submissionTypes: online,
      graded: true,
    },
    {
      key: 'participation',
      case: 'not_post_to_sis',
      group: 'homework',
      name: 'Class Participation',
      pointsPossible: 10,
      dueAt: due(44),
      postToSis: false,
      published: true,
      submissionTypes: ['none'],
      graded: true,
    },
    {
      key: 'draft',
      case: 'unpublished',
      group: 'test',
      name: 'Draft Essay',
      pointsPossible: 30,
      dueAt: due(46),
      postToSis: true,
      published: false,
      submissionTypes: online,
      graded: false,
    },
  ];
}
