import type { SandboxDistrict } from '@sisbridge/sandbox-district';
import type { SifZoneSimulator } from '@sisbridge/sif-zone-simulator';

export interface ChurnCounts {
  renamed: number;
  dropped: number;
  added: number;
}

/**
 * A day of changes in PowerSchool, as its users make them (through the zone's admin, which
 * publishes the SIF_Events): 1% of students renamed, 0.5% of this year's section enrollments
 * dropped today, and as many new ones (a student added to another section at the same school).
 * Different objects every night (`night` picks them), the same ones for the same night.
 */
export function churnOnePercent(zone: SifZoneSimulator, district: SandboxDistrict, night: number, today: string): ChurnCounts {
  const changes = zone.changes;
  const counts: ChurnCounts = { renamed: 0, dropped: 0, added: 0 };
  district.students.forEach((student, index) => {
    if (index % 100 !== night % 100) return;
    const current = changes.find('StudentPersonal', student.refId) as typeof student;
    changes.change('StudentPersonal', student.refId, { name: { ...current.name, lastName: `${student.name.lastName}-${night}` } });
    counts.renamed++;
  });
  const schoolOfSection = new Map<string, string>();
  const courses = new Map(district.courses.map((course) => [course.refId, course.schoolInfoRefId]));
  for (const section of district.sections)
    if (section.schoolYear === district.schoolYear) schoolOfSection.set(section.refId, courses.get(section.schoolCourseInfoRefId) ?? '');
  const sectionsBySchool = new Map<string, string[]>();
  for (const [section, school] of schoolOfSection) sectionsBySchool.set(school, [...(sectionsBySchool.get(school) ?? []), section]);
  const enrolled = new Set(
    zone.context.dataset.list('StudentSectionEnrollment').map((e) => `${e.studentPersonalRefId} ${e.sectionInfoRefId}`),
  );
  const current = district.sectionEnrollments.filter(
    (e) => e.schoolYear === district.schoolYear && (e.exitDate === undefined || e.exitDate > today),
  );
  current.forEach((enrollment, index) => {
    if (index % 200 === night % 200) {
      changes.drop('StudentSectionEnrollment', enrollment.refId, { exitDate: today });
      counts.dropped++;
    } else if (index % 200 === (night + 100) % 200) {
      const sections = sectionsBySchool.get(schoolOfSection.get(enrollment.sectionInfoRefId) ?? '') ?? [];
      const other = sections[(sections.indexOf(enrollment.sectionInfoRefId) + 1 + night) % sections.length];
      if (!other || enrolled.has(`${enrollment.studentPersonalRefId} ${other}`)) return;
      changes.add('StudentSectionEnrollment', {
        json: {
          studentPersonalRefId: enrollment.studentPersonalRefId,
          sectionInfoRefId: other,
          schoolYear: district.schoolYear,
          entryDate: today,
        },
      });
      counts.added++;
    }
  });
  return counts;
}
