import { Injectable } from '@nestjs/common';
import type { TeacherCategories } from '@sisbridge/contracts';
import { PtpClients } from '../ptp/ptp-clients';
import { TeacherRosters } from '../teacher-rosters/teacher-rosters';

/**
 * A teacher's PowerTeacher Pro categories for the current school year (district copies and their
 * own, active or not), with the section exclusions turned from SECTIONS.DCID into the section SIS
 * ids Canvas knows: what canvas-provisioner needs to make assignment groups.
 */
@Injectable()
export class TeacherCategoriesReader {
  constructor(
    private readonly ptp: PtpClients,
    private readonly rosters: TeacherRosters,
  ) {}

  async read(input: { districtId: string; teacherSisId: string }): Promise<TeacherCategories> {
    const roster = await this.rosters.forTeacher(input.districtId, input.teacherSisId);
    const sisIdOf = new Map(roster.sections.filter((s) => s.dcid !== undefined).map((s) => [s.dcid as number, s.sisId]));
    const categories =
      roster.sections.length === 0
        ? []
        : await this.ptp.forDistrict(input.districtId).client.categories.list(roster.usersDcid, roster.yearId);
    return {
      teacherSisId: input.teacherSisId,
      usersDcid: roster.usersDcid,
      yearId: roster.yearId,
      sectionSisIds: roster.sections.map((section) => section.sisId),
      categories: categories.map((category) => ({
        teacherCategoryId: category.teacherCategoryId,
        name: category.name,
        active: category.isActive,
        displayPosition: category.displayPosition,
        excludedSectionSisIds: category.excludedSectionDcids
          .map((dcid) => sisIdOf.get(dcid))
          .filter((id): id is string => id !== undefined),
      })),
    };
  }
}
