/**
 * The SIS Import CSV rows sisbridge writes, one type per file, with their columns in the order
 * they are written (canvas.md §1). The header row decides a file's kind in Canvas, so every file
 * carries its required columns even when a value is empty (accounts.csv keeps parent_account_id).
 */

export interface AccountRow {
  account_id: string;
  /** Empty: under the root account. */
  parent_account_id: string;
  name: string;
  status: 'active' | 'deleted';
}

export interface TermRow {
  term_id: string;
  name: string;
  status: 'active' | 'deleted';
  start_date: string;
  end_date: string;
}

export interface CourseRow {
  course_id: string;
  short_name: string;
  long_name: string;
  account_id: string;
  term_id: string;
  status: 'active' | 'deleted' | 'completed';
}

export interface SectionRow {
  section_id: string;
  course_id: string;
  name: string;
  status: 'active' | 'deleted';
}

export interface UserRow {
  user_id: string;
  login_id: string;
  authentication_provider_id: string;
  first_name: string;
  last_name: string;
  email: string;
  status: 'active' | 'suspended' | 'deleted';
}

export interface EnrollmentRow {
  course_id: string;
  section_id: string;
  user_id: string;
  role: 'student' | 'teacher';
  status: 'active' | 'deleted' | 'completed';
}

export const SIS_CSV_FILES = {
  accounts: { file: 'accounts.csv', columns: ['account_id', 'parent_account_id', 'name', 'status'] },
  terms: { file: 'terms.csv', columns: ['term_id', 'name', 'status', 'start_date', 'end_date'] },
  courses: { file: 'courses.csv', columns: ['course_id', 'short_name', 'long_name', 'account_id', 'term_id', 'status'] },
  sections: { file: 'sections.csv', columns: ['section_id', 'course_id', 'name', 'status'] },
  users: {
    file: 'users.csv',
    columns: ['user_id', 'login_id', 'authentication_provider_id', 'first_name', 'last_name', 'email', 'status'],
  },
  enrollments: { file: 'enrollments.csv', columns: ['course_id', 'section_id', 'user_id', 'role', 'status'] },
} as const satisfies Record<string, { file: string; columns: readonly string[] }>;

export type SisCsvKind = keyof typeof SIS_CSV_FILES;

export interface SisCsvRows {
  accounts: AccountRow[];
  terms: TermRow[];
  courses: CourseRow[];
  sections: SectionRow[];
  users: UserRow[];
  enrollments: EnrollmentRow[];
}

export type SisCsvRow = SisCsvRows[SisCsvKind][number];
