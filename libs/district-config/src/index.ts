export { DistrictNotConfiguredError, DistrictRegistry, MissingSecretError, UnknownDistrictError } from './district-registry';
export {
  districtSchema,
  districtsFileSchema,
  type CanvasSettings,
  type IntradayScheduleSettings,
  type SifPushSettings,
  type DistrictConfig,
  type PassbackScheduleSettings,
  type PtpScoreSettings,
  type PtpSettings,
  type SifSettings,
  type SisIdTemplates,
} from './district-schema';
export { loadDistrictsFile, parseDistricts } from './load-districts';
export { apiSettingsSchema, ltiSettingsSchema, type ApiSettings, type LtiSettings } from './passback-access-schema';
export { schoolYearFor } from './school-year';
export { renderSisId, SisIdPartMissingError, type SisIdParts } from './sis-id-template';
