import { Injectable } from '@nestjs/common';
import { DistrictRegistry, schoolYearFor } from '@sisbridge/district-config';
import type { RosterSection } from '@sisbridge/roster';
import { RosterLookups, RosterSnapshots } from '@sisbridge/roster-store';
import type { RosterSectionView } from '../passback/plan/passback-plan';
import type { RosterStudent } from '../passback/plan/scores-to-send';
import { PassbackRefusal } from '../passback/passback-refusal';

/** The published roster as one teacher's passback needs it, from the district's latest complete snapshot. */
export interface TeacherRoster {
  snapshotId: string;
  /** SIF SchoolYear (the year it ends). */
  schoolYear: number;
  /** PTP YEARID: the school year's start year − 1990 (2025-26 is 35). */
  yearId: number;
  teacherSisId: string;
  usersDcid: number;
  /** The teacher's sections this year (lead or co-teacher). */
  sections: RosterSection[];
  schoolSisIds: string[];
}

/**
 * Reads the roster for passback and categories: the teacher's DCID (USERS.DCID, PTP's
 * `users_dcid`), their sections with DCIDs and term spans, and their students' DCIDs. The
 * roster schema is the published one (read through @sisbridge/roster-store); nothing is written.
 */
@Injectable()
export class TeacherRosters {
  constructor(
    private readonly snapshots: RosterSnapshots,
    private readonly lookups: RosterLookups,
    private readonly districts: DistrictRegistry,
  ) {}

  async latestSnapshot(districtId: string): Promise<{ snapshotId: string; schoolYear: number }> {
    const schoolYear = schoolYearFor(this.districts.get(districtId), new Date());
    const snapshot = await this.snapshots.latestComplete(districtId, schoolYear);
    if (!snapshot)
      throw new PassbackRefusal(
        'NoRoster',
        `district ${districtId} has no complete roster for school year ${schoolYear - 1}-${schoolYear}: provisioning has not run yet`,
      );
    return { snapshotId: snapshot.id, schoolYear };
  }

  async forTeacher(districtId: string, teacherSisId: string): Promise<TeacherRoster> {
    const { snapshotId, schoolYear } = await this.latestSnapshot(districtId);
    const [teacher] = await this.lookups.entities(snapshotId, 'user', [teacherSisId]);
    if (!teacher || teacher.personType !== 'staff')
      throw new PassbackRefusal('TeacherNotFound', `no staff member with SIS id ${teacherSisId} in district ${districtId}'s roster`);
    if (teacher.dcid === undefined)
      throw new PassbackRefusal(
        'NoDcid',
        `staff member ${teacherSisId} has no PowerSchool DCID in the roster (is the SIF agent publishing the DCID element?): PTP needs it as users_dcid`,
      );
    const sections = await this.lookups.sectionsTaughtBy(snapshotId, teacherSisId);
    return {
      snapshotId,
      schoolYear,
      yearId: schoolYear - 1 - 1990,
      teacherSisId,
      usersDcid: teacher.dcid,
      sections,
      schoolSisIds: [...new Set(sections.map((section) => section.schoolSisId))].sort(),
    };
  }

  /** Sections by SIS id (any teacher's), with their DCID and the span of their terms. */
  async sectionViews(snapshotId: string, sectionSisIds: readonly string[]): Promise<Map<string, RosterSectionView>> {
    const sections = await this.lookups.entities(snapshotId, 'section', sectionSisIds);
    const terms = new Map(
      (
        await this.lookups.entities(
          snapshotId,
          'term',
          sections.flatMap((s) => s.termSisIds),
        )
      ).map((term) => [term.sisId, term]),
    );
    const views = new Map<string, RosterSectionView>();
    for (const section of sections) {
      if (section.dcid === undefined) continue;
      const spans = section.termSisIds.map((id) => terms.get(id)).filter((term) => term !== undefined);
      const term =
        spans.length > 0
          ? {
              start: spans.map((t) => t.startDate).sort()[0] as string,
              end: spans
                .map((t) => t.endDate)
                .sort()
                .reverse()[0] as string,
            }
          : undefined;
      views.set(section.sisId, { sisId: section.sisId, dcid: section.dcid, teacherSisIds: section.teacherSisIds, term });
    }
    return views;
  }

  /** The students enrolled in these sections, by SIS id: DCID and sections. Students without a DCID are left out. */
  async students(snapshotId: string, sectionSisIds: readonly string[]): Promise<Map<string, RosterStudent>> {
    const enrollments = (await this.lookups.enrollmentsOf(snapshotId, sectionSisIds)).filter((enrollment) => enrollment.role === 'student');
    const users = await this.lookups.entities(
      snapshotId,
      'user',
      enrollments.map((enrollment) => enrollment.userSisId),
    );
    const dcids = new Map(users.filter((user) => user.dcid !== undefined).map((user) => [user.sisId, user.dcid as number]));
    const students = new Map<string, { dcid: number; sectionSisIds: Set<string> }>();
    for (const enrollment of enrollments) {
      const dcid = dcids.get(enrollment.userSisId);
      if (dcid === undefined) continue;
      const sections = students.get(enrollment.userSisId)?.sectionSisIds ?? new Set<string>();
      sections.add(enrollment.sectionSisId);
      students.set(enrollment.userSisId, { dcid, sectionSisIds: sections });
    }
    return students;
  }

  async teachersWithSections(districtId: string, after: string | undefined, limit: number): Promise<string[]> {
    const { snapshotId } = await this.latestSnapshot(districtId);
    return this.lookups.teachersWithSections(snapshotId, after, limit);
  }

  async staffByDcid(districtId: string, dcid: number): Promise<string | undefined> {
    return (await this.lookups.staffByDcid(districtId, dcid))?.sisId;
  }

  async isStaff(districtId: string, teacherSisId: string): Promise<{ dcid?: number } | undefined> {
    const { snapshotId } = await this.latestSnapshot(districtId);
    const [user] = await this.lookups.entities(snapshotId, 'user', [teacherSisId]);
    return user && user.personType === 'staff' ? { ...(user.dcid === undefined ? {} : { dcid: user.dcid }) } : undefined;
  }
}
