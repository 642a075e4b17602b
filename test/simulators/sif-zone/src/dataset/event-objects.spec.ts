import {
  generateDistrict,
  parseXmlDocument,
  serializeElement,
  type StaffPersonal,
  type StudentSectionEnrollment,
} from '@sisbridge/sandbox-district';
import { addEventObject, changeEventObject, deleteEventObject } from './event-objects';

const district = generateDistrict({ size: 'tiny', seed: 2, schoolYear: 2026 });
const enrollment = district.sectionEnrollments[0] as StudentSectionEnrollment;
const teacher = district.staff.find((person) => person.emails) as StaffPersonal;
const options = { dcidElementName: 'DCID', listItemDeletes: false };

/** Written the way the XML parser reads it back, to compare structure rather than bytes. */
function normalized(xml: string | null): string {
  return xml === null ? 'null' : serializeElement(parseXmlDocument(xml));
}

describe('SIF_EventObject contents', () => {
  it('Add carries the whole object', () => {
    expect(addEventObject('StudentSectionEnrollment', enrollment, 'DCID')).toContain(`<EntryDate>${enrollment.entryDate}</EntryDate>`);
    expect(addEventObject('StudentSectionEnrollment', enrollment, 'DCID')).toContain(
      `<SIF_ExtendedElement Name="DCID">${enrollment.dcid}</SIF_ExtendedElement>`,
    );
  });

  it('Change carries the keys and only the changed elements', () => {
    const changed = changeEventObject('StudentSectionEnrollment', enrollment, { ...enrollment, exitDate: '2025-10-04' }, options);
    expect(normalized(changed)).toBe(
      `<StudentSectionEnrollment RefId="${enrollment.refId}" StudentPersonalRefId="${enrollment.studentPersonalRefId}" SectionInfoRefId="${enrollment.sectionInfoRefId}" SchoolYear="2026"><ExitDate>2025-10-04</ExitDate></StudentSectionEnrollment>`,
    );
  });

  it('Change sends a removed element as nil, and nothing at all when nothing changed', () => {
    const withoutExit: StudentSectionEnrollment = { ...enrollment };
    delete withoutExit.exitDate;
    const changed = changeEventObject('StudentSectionEnrollment', enrollment, withoutExit, options);
    expect(changed).toContain('<ExitDate xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>');
    expect(changed).not.toContain('EntryDate');
    expect(changeEventObject('StudentSectionEnrollment', enrollment, { ...enrollment }, options)).toBeNull();
  });

  it('Change keeps the children of several changed elements in schema order', () => {
    const renamed: StaffPersonal = {
      ...teacher,
      title: 'Department Chair',
      name: { ...teacher.name, lastName: "O'Hara-Núñez" },
      localId: 'T9999',
    };
    const children = parseXmlDocument(changeEventObject('StaffPersonal', teacher, renamed, options) ?? '<none/>').children.map(
      (child) => child.name,
    );
    expect(children).toEqual(['LocalId', 'Name', 'Title']);
  });

  it('Change edits list items one by one from SIF 2.5 (SIF_Action="Delete"), and resends the whole list before', () => {
    const before: StaffPersonal = {
      ...teacher,
      emails: [
        { type: 'Primary', address: 'a@example.org' },
        { type: 'Alternate1', address: 'b@example.org' },
      ],
    };
    const after: StaffPersonal = { ...teacher, emails: [{ type: 'Primary', address: 'c@example.org' }] };
    expect(changeEventObject('StaffPersonal', before, after, { dcidElementName: 'DCID', listItemDeletes: true })).toBe(
      `<StaffPersonal RefId="${teacher.refId}"><EmailList><Email Type="Primary">c@example.org</Email><Email Type="Alternate1" SIF_Action="Delete"/></EmailList></StaffPersonal>`,
    );
    expect(changeEventObject('StaffPersonal', before, after, options)).toBe(
      `<StaffPersonal RefId="${teacher.refId}"><EmailList><Email Type="Primary">c@example.org</Email></EmailList></StaffPersonal>`,
    );
  });

  it('Delete carries the RefId only, or every required attribute [U]', () => {
    expect(deleteEventObject('StudentSectionEnrollment', enrollment, 'refid')).toBe(
      `<StudentSectionEnrollment RefId="${enrollment.refId}"/>`,
    );
    expect(deleteEventObject('StudentSectionEnrollment', enrollment, 'required-attributes')).toBe(
      `<StudentSectionEnrollment RefId="${enrollment.refId}" StudentPersonalRefId="${enrollment.studentPersonalRefId}" SectionInfoRefId="${enrollment.sectionInfoRefId}" SchoolYear="2026"/>`,
    );
  });
});
