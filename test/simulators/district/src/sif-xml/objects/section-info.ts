import type { MeetingTime, ScheduleInfo } from '../../model/sif-objects';
import { optional, readSchoolYear, readYesNo, requiredAttribute, yesNo } from '../common-elements';
import { compact, SifObjectError, type SifObjectCodec } from '../object-codec';
import { childElement, childElements, childText, type XmlElement } from '../xml-tree';
import { escapeAttribute, textElement } from '../xml-text';

function scheduleInfoXml(schedule: ScheduleInfo): string {
  const teachers =
    schedule.teacherRefIds.length > 0
      ? `<TeacherList>${schedule.teacherRefIds.map((refId) => textElement('StaffPersonalRefId', refId)).join('')}</TeacherList>`
      : '';
  const rooms =
    schedule.roomRefIds && schedule.roomRefIds.length > 0
      ? `<SectionRoomList>${schedule.roomRefIds.map((refId) => textElement('RoomInfoRefId', refId)).join('')}</SectionRoomList>`
      : '';
  const meetings =
    schedule.meetingTimes && schedule.meetingTimes.length > 0
      ? `<MeetingTimeList>${schedule.meetingTimes.map((meeting) => `<MeetingTime>${textElement('TimetableDay', meeting.timetableDay)}${textElement('TimetablePeriod', meeting.timetablePeriod)}</MeetingTime>`).join('')}</MeetingTimeList>`
      : '';
  return `<ScheduleInfo TermInfoRefId="${escapeAttribute(schedule.termInfoRefId)}">${teachers}${rooms}${meetings}</ScheduleInfo>`;
}

function readScheduleInfo(object: string, element: XmlElement): ScheduleInfo {
  const termInfoRefId = element.attributes['TermInfoRefId'];
  if (!termInfoRefId) throw new SifObjectError(`${object}: ScheduleInfo without TermInfoRefId`);
  const teacherList = childElement(element, 'TeacherList');
  const roomList = childElement(element, 'SectionRoomList');
  const meetingList = childElement(element, 'MeetingTimeList');
  return compact({
    termInfoRefId,
    teacherRefIds: teacherList ? childElements(teacherList, 'StaffPersonalRefId').map((teacher) => teacher.text.trim()) : [],
    ...optional('roomRefIds', roomList ? childElements(roomList, 'RoomInfoRefId').map((room) => room.text.trim()) : undefined),
    ...optional(
      'meetingTimes',
      meetingList
        ? childElements(meetingList, 'MeetingTime').map((meeting): MeetingTime =>
            compact({
              ...optional('timetableDay', childText(meeting, 'TimetableDay')),
              ...optional('timetablePeriod', childText(meeting, 'TimetablePeriod')),
            }),
          )
        : undefined,
    ),
  });
}

export const sectionInfoCodec: SifObjectCodec<'SectionInfo'> = {
  objectName: 'SectionInfo',
  elementOrder: [
    'LocalId',
    'Description',
    'ScheduleInfoList',
    'MediumOfInstruction',
    'LanguageOfInstruction',
    'LocationOfInstruction',
    'SummerSchool',
    'SchoolCourseInfoOverride',
    'CourseSectionCode',
    'SectionCode',
    'CountForAttendance',
    'BellScheduleRefId',
    'SIF_Metadata',
    'SIF_ExtendedElements',
  ],
  modelledElements: new Set(['LocalId', 'Description', 'ScheduleInfoList', 'LanguageOfInstruction', 'SummerSchool']),
  attributes: (section) => [
    ['RefId', section.refId],
    ['SchoolCourseInfoRefId', section.schoolCourseInfoRefId],
    ['SchoolYear', String(section.schoolYear)],
  ],
  elements: (section) => [
    { name: 'LocalId', xml: textElement('LocalId', section.localId) },
    { name: 'Description', xml: textElement('Description', section.description) },
    {
      name: 'ScheduleInfoList',
      xml:
        section.scheduleInfoList === undefined
          ? ''
          : `<ScheduleInfoList>${section.scheduleInfoList.map(scheduleInfoXml).join('')}</ScheduleInfoList>`,
    },
    {
      name: 'LanguageOfInstruction',
      xml:
        section.languageOfInstruction === undefined
          ? ''
          : `<LanguageOfInstruction>${textElement('Code', section.languageOfInstruction)}</LanguageOfInstruction>`,
    },
    { name: 'SummerSchool', xml: textElement('SummerSchool', yesNo(section.summerSchool)) },
  ],
  decode: (element, common) => {
    const object = `SectionInfo ${common.refId}`;
    const list = childElement(element, 'ScheduleInfoList');
    if (!list) throw new SifObjectError(`${object}: missing mandatory element ScheduleInfoList`);
    const language = childElement(element, 'LanguageOfInstruction');
    return compact({
      ...common,
      schoolCourseInfoRefId: requiredAttribute(object, element, 'SchoolCourseInfoRefId'),
      schoolYear: readSchoolYear(object, element),
      ...optional('localId', childText(element, 'LocalId')),
      ...optional('description', childText(element, 'Description')),
      scheduleInfoList: childElements(list, 'ScheduleInfo').map((schedule) => readScheduleInfo(object, schedule)),
      ...optional('languageOfInstruction', language ? childText(language, 'Code') : undefined),
      ...optional('summerSchool', readYesNo(object, element, 'SummerSchool')),
    });
  },
};
