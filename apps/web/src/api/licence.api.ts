/**
 * Licence service (电子证照) — paths fixed by issue #6; public verification is wired to a screen. Request and
 * response types are the service's HTTP contract (`@hall/contracts/api`, libs/contracts/src/licence/licence-api.ts);
 * responses are checked against it in development builds (apiCall).
 */
import type {
  LicenceAction,
  LicenceChangeBody,
  LicenceChanged,
  LicenceDetail,
  LicenceFilter as LicenceFilterQuery,
  LicencePage,
  LicenceRevokeBody,
  LicenceStatusChanged,
  VerificationResult,
} from '@hall/contracts/api';
import { apiCall } from './http.js';

export type {
  LicenceAction,
  LicenceChangeBody,
  LicenceChanged,
  LicenceDetail,
  LicenceHistoryEntry,
  LicencePage,
  LicenceStatus,
  LicenceView,
} from '@hall/contracts/api';

/** A list filter as the screens hold it: every parameter optional (the service applies the defaults). */
export type LicenceFilter = Partial<LicenceFilterQuery>;
/** The verification answer (genuine/forged, status, validity, masked holder). */
export type VerifyAnswer = VerificationResult;

const BASE = '/api/licence';
const enc = encodeURIComponent;

export const licencePaths = {
  mine: `${BASE}/licences?mine=1`,
  licence: (identifier: string) => `${BASE}/licences/${enc(identifier)}`,
  pdf: (identifier: string) => `${BASE}/licences/${enc(identifier)}/pdf`,
  list: `${BASE}/licences`,
  action: (identifier: string, action: LicenceAction) => `${BASE}/licences/${enc(identifier)}/${action}`,
  change: (identifier: string) => `${BASE}/licences/${enc(identifier)}/change`,
  shares: `${BASE}/shares`,
  keys: `${BASE}/keys`,
  verify: `${BASE}/verify`,
  verifyIdentifier: (identifier: string) => `${BASE}/verify/${enc(identifier)}`,
} as const;

const filterQuery = (f: LicenceFilter): Record<string, string | number> =>
  Object.fromEntries(
    Object.entries(f).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== ''),
  );

/** 电子证照标识: 1.2.156.3005.2.{type}.{issuer USCC}.{serial}.{version}.{check}. */
export const LICENCE_IDENTIFIER =
  /^1\.2\.156\.3005\.2\.[0-9A-Za-z]+\.[0-9A-Z]{18}\.[0-9A-Za-z]+\.\d{3}\.[0-9A-Z*]$/;

export const licenceApi = {
  mine(signal?: AbortSignal, filter: LicenceFilter = {}): Promise<LicencePage> {
    return apiCall('LicencePage', licencePaths.list, { query: { mine: 1, ...filterQuery(filter) }, signal });
  },
  /** The issuing department's licences within the officer's region. */
  department(filter: LicenceFilter, signal?: AbortSignal): Promise<LicencePage> {
    return apiCall('LicencePage', licencePaths.list, { query: filterQuery(filter), signal });
  },
  detail(identifier: string, signal?: AbortSignal): Promise<LicenceDetail> {
    return apiCall('LicenceDetail', licencePaths.licence(identifier), { signal });
  },
  act(identifier: string, action: LicenceAction, body: LicenceRevokeBody): Promise<LicenceStatusChanged> {
    return apiCall('LicenceStatusChanged', licencePaths.action(identifier, action), { method: 'POST', body });
  },
  /** 变更 (issuing department): issues version + 1 with the changed values; 422 LICENCE_NOTHING_CHANGED when nothing differs. */
  change(identifier: string, body: LicenceChangeBody): Promise<LicenceChanged> {
    return apiCall('LicenceChanged', licencePaths.change(identifier), { method: 'POST', body });
  },
  verifyIdentifier(identifier: string, signal?: AbortSignal): Promise<VerifyAnswer> {
    return apiCall('VerificationResult', licencePaths.verifyIdentifier(identifier), { signal });
  },
  verifyPayload(payload: string, signal?: AbortSignal): Promise<VerifyAnswer> {
    return apiCall('VerificationResult', licencePaths.verify, { method: 'POST', body: { payload }, signal });
  },
};
