export { DistrictRegistry, MissingSecretError, UnknownDistrictError } from './district-registry';
export {
  districtSchema,
  districtsFileSchema,
  type CanvasSettings,
  type DistrictConfig,
  type PtpSettings,
  type SifSettings,
  type SisIdTemplates,
} from './district-schema';
export { loadDistrictsFile, parseDistricts } from './load-districts';
export { schoolYearFor } from './school-year';
export { renderSisId, SisIdPartMissingError, type SisIdParts } from './sis-id-template';
