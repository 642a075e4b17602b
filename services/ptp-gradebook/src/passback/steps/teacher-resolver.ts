import { Injectable } from '@nestjs/common';
import { CanvasApiError, DistrictCanvasClients } from '@sisbridge/canvas-client';
import type { TeacherIdentity } from '@sisbridge/contracts';
import { TeacherRosters } from '../../teacher-rosters/teacher-rosters';
import { PassbackRefusal } from '../passback-refusal';

/**
 * A teacher as an operator names them: `sis:T8301`, `dcid:8301` (PowerSchool USERS.DCID),
 * `canvas:42` (Canvas user id), or bare. A bare value is tried as a SIS id first; a number that is
 * both some staff member's DCID and another person's Canvas user id is refused as ambiguous,
 * naming the prefixed forms, rather than guessed.
 */
@Injectable()
export class TeacherResolver {
  constructor(
    private readonly rosters: TeacherRosters,
    private readonly canvas: DistrictCanvasClients,
  ) {}

  async resolve(districtId: string, named: string): Promise<TeacherIdentity> {
    const text = named.trim();
    const prefixed = /^(sis|dcid|canvas):(.+)$/i.exec(text);
    if (prefixed) {
      const kind = (prefixed[1] as string).toLowerCase();
      const value = (prefixed[2] as string).trim();
      const found =
        kind === 'sis'
          ? await this.bySisId(districtId, value)
          : kind === 'dcid'
            ? await this.byDcid(districtId, number(value, text))
            : await this.byCanvasId(districtId, number(value, text));
      if (!found) throw new PassbackRefusal('TeacherNotFound', `no teacher ${text} in district ${districtId}`);
      return found;
    }
    const bySis = await this.bySisId(districtId, text);
    if (bySis) return bySis;
    if (!/^\d+$/.test(text)) throw new PassbackRefusal('TeacherNotFound', `no teacher with SIS id ${text} in district ${districtId}`);
    const [byDcid, byCanvas] = await Promise.all([this.byDcid(districtId, Number(text)), this.byCanvasId(districtId, Number(text))]);
    if (byDcid && byCanvas && byDcid.teacherSisId !== byCanvas.teacherSisId) {
      throw new PassbackRefusal(
        'TeacherAmbiguous',
        `${text} is the PowerSchool DCID of ${byDcid.teacherSisId} and the Canvas user id of ${byCanvas.teacherSisId}: say dcid:${text} or canvas:${text}`,
      );
    }
    const found = byDcid ?? byCanvas;
    if (!found)
      throw new PassbackRefusal(
        'TeacherNotFound',
        `no teacher with SIS id, PowerSchool DCID or Canvas user id ${text} in district ${districtId}`,
      );
    return found;
  }

  private async bySisId(districtId: string, sisId: string): Promise<TeacherIdentity | undefined> {
    const staff = await this.rosters.isStaff(districtId, sisId);
    return staff ? { teacherSisId: sisId, ...(staff.dcid === undefined ? {} : { usersDcid: staff.dcid }), matchedBy: 'sis-id' } : undefined;
  }

  private async byDcid(districtId: string, dcid: number): Promise<TeacherIdentity | undefined> {
    const sisId = await this.rosters.staffByDcid(districtId, dcid);
    return sisId ? { teacherSisId: sisId, usersDcid: dcid, matchedBy: 'dcid' } : undefined;
  }

  private async byCanvasId(districtId: string, canvasUserId: number): Promise<TeacherIdentity | undefined> {
    let sisUserId: string | null | undefined;
    try {
      sisUserId = (await this.canvas.forDistrict(districtId).roster.user(canvasUserId)).sis_user_id;
    } catch (error) {
      if (error instanceof CanvasApiError && error.kind === 'not-found') return undefined;
      throw error;
    }
    if (!sisUserId) return undefined;
    const staff = await this.rosters.isStaff(districtId, sisUserId);
    return staff
      ? {
          teacherSisId: sisUserId,
          ...(staff.dcid === undefined ? {} : { usersDcid: staff.dcid }),
          canvasUserId,
          matchedBy: 'canvas-user-id',
        }
      : undefined;
  }
}

function number(value: string, named: string): number {
  if (!/^\d+$/.test(value)) throw new PassbackRefusal('TeacherNotFound', `${named}: a DCID or Canvas user id is a number`);
  return Number(value);
}
