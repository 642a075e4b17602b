import type { PassbackInput, PassbackResult } from '@sisbridge/contracts';
import { standInPassback } from './stand-in-passback-run';

/** The stand-in passback (see stand-in-passback-run.ts), running to its end on its own. */
export async function passbackTeacherWorkflow(input: PassbackInput): Promise<PassbackResult> {
  return standInPassback(input, { held: false });
}
