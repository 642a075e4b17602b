import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface CategoryGroupLink {
  teacherCategoryId: number;
  assignmentGroupId: number;
  /** The category's name when the group was last synced from it. */
  ptpName: string;
}

interface LinkRow {
  teacher_category_id: string;
  assignment_group_id: string;
  ptp_name: string;
}

/** canvas_provisioner.category_group_link: teacher category ⇄ assignment group, per course. */
@Injectable()
export class CategoryGroupLinks {
  constructor(private readonly dataSource: DataSource) {}

  async ofCourse(districtId: string, canvasCourseId: number): Promise<Map<number, CategoryGroupLink>> {
    const rows: LinkRow[] = await this.dataSource.query(
      `SELECT teacher_category_id, assignment_group_id, ptp_name FROM canvas_provisioner.category_group_link WHERE district_id = $1 AND canvas_course_id = $2`,
      [districtId, canvasCourseId],
    );
    return new Map(
      rows.map((row) => [
        Number(row.teacher_category_id),
        { teacherCategoryId: Number(row.teacher_category_id), assignmentGroupId: Number(row.assignment_group_id), ptpName: row.ptp_name },
      ]),
    );
  }

  async save(districtId: string, canvasCourseId: number, teacherSisId: string, link: CategoryGroupLink): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO canvas_provisioner.category_group_link (district_id, canvas_course_id, teacher_category_id, assignment_group_id, teacher_sis_id, ptp_name)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (district_id, canvas_course_id, teacher_category_id)
       DO UPDATE SET assignment_group_id = EXCLUDED.assignment_group_id, teacher_sis_id = EXCLUDED.teacher_sis_id, ptp_name = EXCLUDED.ptp_name, updated_at = now()`,
      [districtId, canvasCourseId, link.teacherCategoryId, link.assignmentGroupId, teacherSisId, link.ptpName],
    );
  }
}
