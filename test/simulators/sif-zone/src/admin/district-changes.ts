import {
  decodeSifObject,
  isIsoDate,
  isSifObjectName,
  localToday,
  parseXmlDocument,
  previousSchoolDay,
  SifObjectError,
  toSifXml,
  XmlSyntaxError,
  type SifObject,
  type SifObjectName,
  type SifObjectTypes,
  type StudentSchoolEnrollment,
  type StudentSectionEnrollment,
} from '@sisbridge/sandbox-district';
import { addEventObject, changeEventObject, deleteEventObject } from '../dataset/event-objects';
import { publishEvent, supportsListItemDeletes, type PublishedEvent } from '../dataset/event-publisher';
import { newMsgId } from '../sif/sif-clock';
import type { ZoneContext } from '../zone/zone-context';

/** A change the admin endpoint refuses, with the HTTP status and a sentence saying why. */
export class AdminError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export interface ChangeResult {
  objectName: SifObjectName;
  refId: string;
  object: SifObject | null;
  events: PublishedEvent[];
}

/**
 * Changes the zone's dataset the way a PowerSchool user would (add, change, drop, delete) and
 * publishes the SIF_Events PowerSchool's agent reports for them. Every object is checked by
 * writing it as SIF XML and reading it back, so nothing invalid is ever served.
 */
export class DistrictChanges {
  constructor(private readonly context: ZoneContext) {}

  find(objectNameText: string, refId: string): SifObject {
    return this.existing(this.objectName(objectNameText), refId);
  }

  xmlOf(objectNameText: string, object: SifObject, dcidElementName: string | null): string {
    return toSifXml(this.objectName(objectNameText), object, { dcidElementName });
  }

  add(objectNameText: string, input: { xml: string } | { json: unknown }): ChangeResult {
    const objectName = this.objectName(objectNameText);
    const { dataset } = this.context;
    let object: SifObject;
    if ('xml' in input) {
      let decoded;
      try {
        decoded = decodeSifObject(parseXmlDocument(input.xml), { dcidElementName: dataset.dcidElementName ?? 'DCID' });
      } catch (error) {
        throw new AdminError(
          400,
          error instanceof XmlSyntaxError
            ? `not well-formed XML: ${error.message}`
            : error instanceof Error
              ? error.message
              : String(error),
        );
      }
      if (decoded.objectName !== objectName) throw new AdminError(400, `the body is a ${decoded.objectName}, not a ${objectName}`);
      object = decoded.hasDcid ? decoded.object : { ...decoded.object, dcid: dataset.nextDcid(objectName) };
    } else {
      if (typeof input.json !== 'object' || input.json === null || Array.isArray(input.json))
        throw new AdminError(400, `the body must be a ${objectName} as a JSON object`);
      const candidate = { refId: newMsgId(), dcid: dataset.nextDcid(objectName), ...(input.json as Record<string, unknown>) };
      object = this.checked(objectName, candidate as unknown as SifObject);
    }
    if (dataset.get(objectName, object.refId)) throw new AdminError(409, `${objectName} ${object.refId} already exists`);
    dataset.add(objectName, object as SifObjectTypes[typeof objectName]);
    const event = publishEvent(this.context, objectName, object.refId, 'Add', () =>
      addEventObject(objectName, object as SifObjectTypes[typeof objectName], dataset.dcidElementName),
    );
    return { objectName, refId: object.refId, object, events: [event] };
  }

  change(objectNameText: string, refId: string, fields: unknown): ChangeResult {
    const objectName = this.objectName(objectNameText);
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
      throw new AdminError(400, `the body must be a JSON object of ${objectName} fields to change`);
    const before = this.existing(objectName, refId);
    const patch = fields as Record<string, unknown>;
    if ('refId' in patch && patch['refId'] !== refId) throw new AdminError(400, 'a RefId never changes; add a new object instead');
    const merged: Record<string, unknown> = { ...before };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const after = this.checked(objectName, merged as unknown as SifObject);
    for (const [key, value] of Object.entries(patch)) {
      if (value !== null && !(key in after)) throw new AdminError(400, `${objectName} has no field "${key}"`);
    }
    return this.replace(objectName, before, after);
  }

  /**
   * A drop in PowerSchool: the enrollment gets an ExitDate (by default today, written per the
   * district's ExitDate reading). Dropping a school enrollment also ends the student's section
   * enrollments at that school, each its own Change event.
   */
  drop(objectNameText: string, refId: string, body: { exitDate?: unknown; effectiveDate?: unknown }): ChangeResult {
    const objectName = this.objectName(objectNameText);
    if (objectName !== 'StudentSectionEnrollment' && objectName !== 'StudentSchoolEnrollment')
      throw new AdminError(400, `only enrollments are dropped (StudentSectionEnrollment, StudentSchoolEnrollment), not ${objectName}`);
    for (const [name, value] of Object.entries(body)) {
      if (value !== undefined && (typeof value !== 'string' || !isIsoDate(value)))
        throw new AdminError(400, `${name} must be a YYYY-MM-DD date`);
    }
    const today = localToday();
    const effective = typeof body.effectiveDate === 'string' ? body.effectiveDate : today;
    const exitDate =
      typeof body.exitDate === 'string'
        ? body.exitDate
        : this.context.dataset.exitDateSemantics === 'last-attended'
          ? previousSchoolDay(effective)
          : effective;
    if (objectName === 'StudentSectionEnrollment') {
      const sectionEnrollment = this.existing(objectName, refId);
      return this.replace(objectName, sectionEnrollment, { ...sectionEnrollment, exitDate });
    }

    const enrollment = this.existing(objectName, refId);
    const result = this.replace(objectName, enrollment, {
      ...enrollment,
      exitDate,
      timeFrame: exitDate <= today ? 'Historical' : 'Current',
    } as StudentSchoolEnrollment);
    const { dataset } = this.context;
    for (const sectionEnrollment of dataset.list('StudentSectionEnrollment')) {
      if (
        sectionEnrollment.studentPersonalRefId !== enrollment.studentPersonalRefId ||
        sectionEnrollment.schoolYear !== enrollment.schoolYear
      )
        continue;
      if (sectionEnrollment.exitDate !== undefined && sectionEnrollment.exitDate <= exitDate) continue;
      const section = dataset.get('SectionInfo', sectionEnrollment.sectionInfoRefId);
      const course = section ? dataset.get('SchoolCourseInfo', section.schoolCourseInfoRefId) : undefined;
      if (course?.schoolInfoRefId !== enrollment.schoolInfoRefId) continue;
      result.events.push(
        ...this.replace('StudentSectionEnrollment', sectionEnrollment, { ...sectionEnrollment, exitDate } as StudentSectionEnrollment)
          .events,
      );
    }
    return result;
  }

  delete(objectNameText: string, refId: string): ChangeResult {
    const objectName = this.objectName(objectNameText);
    const object = this.existing(objectName, refId);
    this.context.dataset.remove(objectName, object);
    const keys = this.context.options.deleteEventKeys;
    const event = publishEvent(this.context, objectName, refId, 'Delete', () => deleteEventObject(objectName, object, keys));
    return { objectName, refId, object: null, events: [event] };
  }

  private replace<N extends SifObjectName>(objectName: N, before: SifObjectTypes[N], after: SifObjectTypes[N]): ChangeResult {
    const { dataset } = this.context;
    const dcidElementName = dataset.dcidElementName;
    if (changeEventObject(objectName, before, after, { dcidElementName, listItemDeletes: false }) === null)
      return { objectName, refId: after.refId, object: before, events: [] };
    dataset.replace(objectName, before, after);
    const event = publishEvent(this.context, objectName, after.refId, 'Change', (version) =>
      changeEventObject(objectName, before, after, { dcidElementName, listItemDeletes: supportsListItemDeletes(version) }),
    );
    return { objectName, refId: after.refId, object: after, events: [event] };
  }

  private objectName(text: string): SifObjectName {
    if (!isSifObjectName(text)) throw new AdminError(404, `${text} is not an object this zone holds`);
    return text;
  }

  private existing<N extends SifObjectName>(objectName: N, refId: string): SifObjectTypes[N] {
    const object = this.context.dataset.get(objectName, refId);
    if (!object) throw new AdminError(404, `no ${objectName} ${refId} in this zone`);
    return object;
  }

  /** The object as SIF XML and back: refused with the reader's sentence when it is not a valid object. */
  private checked<N extends SifObjectName>(objectName: N, candidate: SifObjectTypes[N]): SifObjectTypes[N] {
    try {
      const decoded = decodeSifObject(parseXmlDocument(toSifXml(objectName, candidate, { dcidElementName: 'DCID' })));
      if (!Number.isInteger(candidate.dcid) || candidate.dcid <= 0)
        throw new SifObjectError(`${objectName} ${candidate.refId}: dcid must be a positive whole number`);
      return decoded.object as SifObjectTypes[N];
    } catch (error) {
      if (error instanceof SifObjectError) throw new AdminError(400, error.message);
      throw new AdminError(
        400,
        `${objectName} ${candidate.refId}: the fields do not make a ${objectName} (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
}
