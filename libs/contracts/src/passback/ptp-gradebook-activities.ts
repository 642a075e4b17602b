import type { TeacherCategoryActivities } from '../categories/categories-types';
import type { PassbackActivities } from './passback-activities';
import type { WiringCheckInput, WiringCheckReceipt } from '../wiring/wiring-check';

/** Activities served by ptp-gradebook on the `ptp-gradebook` task queue. */
export interface PtpGradebookActivities extends PassbackActivities, TeacherCategoryActivities {
  ptpGradebookWiringCheck(input: WiringCheckInput): Promise<WiringCheckReceipt>;
}
