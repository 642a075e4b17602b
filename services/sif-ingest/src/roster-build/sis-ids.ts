import { renderSisId, SisIdPartMissingError } from '@sisbridge/district-config';
import type { RosterRules } from './roster-rules';

export type SisIdTemplateName = keyof RosterRules['templates'];

export type SisIdResult = { sisId: string; dcid?: number } | { problem: string };

/**
 * An object's SIS id from the district's template. The DCID comes from the configured
 * SIF_ExtendedElement; with `dcid-then-refid` (the default) an object without one uses its RefId
 * in the template's `{dcid}` place, with `refid` every object does, and with `dcid` an object
 * without a DCID is rejected. Staff and student templates differ, so their ids never collide.
 */
export function sisIdOf(
  rules: RosterRules,
  template: SisIdTemplateName,
  record: { refId: string; localId?: string; extendedElements?: Record<string, string> },
  objectName: string,
): SisIdResult {
  const raw = record.extendedElements?.[rules.dcidElement];
  let dcid: number | undefined;
  if (raw !== undefined && raw !== '') {
    if (!/^\d{1,15}$/.test(raw))
      return { problem: `${objectName}/SIF_ExtendedElement[@Name='${rules.dcidElement}'] must be a whole number (the PowerSchool DCID)` };
    dcid = Number(raw);
  }
  if (rules.sisIdSource === 'dcid' && dcid === undefined) {
    return { problem: `${objectName} has no SIF_ExtendedElement named ${rules.dcidElement} (the DCID), and sif.sisIdSource is "dcid"` };
  }
  const idPart = rules.sisIdSource === 'refid' || dcid === undefined ? record.refId : dcid;
  try {
    const sisId = renderSisId(rules.templates[template], { dcid: idPart, refId: record.refId, localId: record.localId });
    return dcid === undefined ? { sisId } : { sisId, dcid };
  } catch (error) {
    if (error instanceof SisIdPartMissingError)
      return { problem: `${objectName} has no ${error.part}, which the SIS id template "${rules.templates[template]}" needs` };
    throw error;
  }
}
