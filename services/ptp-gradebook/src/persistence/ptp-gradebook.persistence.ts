import { CreateWiringCheck1764374400000, ServiceSchemas, WiringCheckRow } from '@sisbridge/persistence';
import { CreatePassbackTables1764800000000 } from './migrations/1764800000000-create-passback-tables';
import { CreateLtiUsedNonce1765000000001 } from './migrations/1765000000001-create-lti-used-nonce';
import { CreateNightlyPassbackPlan1765000000002 } from './migrations/1765000000002-create-nightly-passback-plan';
import { ScoreFieldsInPtpWords1796678596425 } from './migrations/1796678596425-score-fields-in-ptp-words';
import { CreateLtiRegistration1796685000000 } from './migrations/1796685000000-create-lti-registration';

/** The ptp-gradebook schema: its entities and its migrations, in the order they apply. */
export const ptpGradebookPersistence = {
  schema: ServiceSchemas.ptpGradebook,
  entities: [WiringCheckRow],
  migrations: [
    CreateWiringCheck1764374400000,
    CreatePassbackTables1764800000000,
    CreateLtiUsedNonce1765000000001,
    CreateNightlyPassbackPlan1765000000002,
    ScoreFieldsInPtpWords1796678596425,
    CreateLtiRegistration1796685000000,
  ],
};
