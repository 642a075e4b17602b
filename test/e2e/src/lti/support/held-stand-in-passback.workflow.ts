import type { PassbackInput, PassbackResult } from '@sisbridge/contracts';
import { standInPassback } from './stand-in-passback-run';

/** The stand-in passback (see stand-in-passback-run.ts), held before its end until the test releases it. */
export async function passbackTeacherWorkflow(input: PassbackInput): Promise<PassbackResult> {
  return standInPassback(input, { held: true });
}
