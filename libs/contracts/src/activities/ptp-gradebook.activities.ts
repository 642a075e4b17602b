import type { WiringCheckInput, WiringCheckReceipt } from './wiring-check';

/** Activities served by ptp-gradebook on the `ptp-gradebook` task queue. */
export interface PtpGradebookActivities {
  ptpGradebookWiringCheck(input: WiringCheckInput): Promise<WiringCheckReceipt>;
}
