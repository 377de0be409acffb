import { AppError } from '@hall/platform';

/** The catalog's domain error codes (machine-readable; the HTTP filter maps status and body). */
export const CatalogErrorCode = {
  LockedElement: 'LOCKED_ELEMENT',
  PromisedExceedsLegal: 'PROMISED_LIMIT_EXCEEDS_LEGAL',
  IssuerNotInProcess: 'ISSUER_NOT_IN_PROCESS',
  LegalLimitMismatch: 'LEGAL_LIMIT_MISMATCH',
  LegalLimitMissing: 'LEGAL_LIMIT_MISSING',
  InvalidUscc: 'INVALID_USCC',
  UnknownRegion: 'REGION_UNKNOWN',
  RegionLevelMismatch: 'REGION_LEVEL_MISMATCH',
  RegionNotUnderParent: 'REGION_NOT_UNDER_PARENT',
  UnknownBaseItem: 'BASE_ITEM_UNKNOWN',
  UnknownDepartment: 'DEPARTMENT_UNKNOWN',
  DuplicateMaterial: 'MATERIAL_ID_DUPLICATE',
  FormDefinitionInvalid: 'FORM_DEFINITION_INVALID',
  ImplementationExists: 'IMPLEMENTATION_EXISTS',
  BaseItemExists: 'BASE_ITEM_EXISTS',
  ConsistencyDeviation: 'CONSISTENCY_DEVIATION',
  NotPublished: 'IMPLEMENTATION_NOT_PUBLISHED',
  VersionNotFound: 'VERSION_NOT_FOUND',
  SynonymExists: 'SYNONYM_EXISTS',
} as const;

export function unprocessable(
  code: string,
  field: string,
  message: string,
  details?: Record<string, unknown>,
): AppError {
  return new AppError(code, `${field}: ${message}`, 422, { field, ...details });
}
