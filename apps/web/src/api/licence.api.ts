/** Licence service (电子证照) — paths fixed by issue #6; public verification is wired to a screen. */
import { apiFetch } from './http.js';

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

export interface LicenceView {
  identifier: string;
  name: string;
  typeCode: string;
  version: number;
  /** The version this one replaced (变更/延续), null for a first issue. */
  previousIdentifier: string | null;
  /** The newer version that replaced this one (status superseded, 失效（已换发）), null while current. */
  supersededBy: string | null;
  status: string;
  statusLabel: string;
  statusChangedAt: string | null;
  holder: { kind: string; name: string; idType: string; idNumber: string };
  issuer: { name: string; uscc: string; departmentCode: string };
  applicationNo: string | null;
  issuedAt: string;
  validFrom: string;
  validUntil: string | null;
  validity: string;
  fields: Array<{ label: string; value: string }>;
  pdf: { status: string; sha256: string | null };
}

/** Status changes an officer of the issuing department makes (撤销/吊销 = revoke, with `penalty` for 吊销). */
export type LicenceAction = 'suspend' | 'restore' | 'revoke' | 'cancel' | 'resign';

/** 变更: only what differs from the licence — data fields by label, and the holder's name (the holder code never changes). */
export interface LicenceChangeBody {
  reason: string;
  fields?: Record<string, string>;
  holderName?: string;
}

/** The new version a 变更 issued; the previous one is now 失效（已换发）. */
export interface LicenceChanged {
  identifier: string;
  previousIdentifier: string;
  status: string;
  statusLabel: string;
}

export interface LicenceFilter {
  page?: number;
  pageSize?: number;
  type?: string;
  status?: string;
  issuer?: string;
  q?: string;
}

export interface LicencePage {
  total: number;
  page: number;
  pageSize: number;
  items: LicenceView[];
  facets: {
    types: Array<{ code: string; name: string }>;
    statuses: Array<{ status: string; label: string }>;
    issuers: Array<{ uscc: string; name: string }>;
  };
}

export interface LicenceHistoryEntry {
  from: string;
  to: string;
  reason: string;
  by: string;
  at: string;
}

const filterQuery = (f: LicenceFilter): Record<string, string | number> =>
  Object.fromEntries(Object.entries(f).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== ''));

/** The verification answer (genuine/forged, status, validity, masked holder); shape comes with the service. */
export type VerifyAnswer = Record<string, unknown>;

/** 电子证照标识: 1.2.156.3005.2.{type}.{issuer USCC}.{serial}.{version}.{check}. */
export const LICENCE_IDENTIFIER = /^1\.2\.156\.3005\.2\.[0-9A-Za-z]+\.[0-9A-Z]{18}\.[0-9A-Za-z]+\.\d{3}\.[0-9A-Z*]$/;

export const licenceApi = {
  mine(signal?: AbortSignal, filter: LicenceFilter = {}): Promise<LicencePage> {
    return apiFetch<LicencePage>(licencePaths.list, { query: { mine: 1, ...filterQuery(filter) }, signal });
  },
  /** The issuing department's licences within the officer's region. */
  department(filter: LicenceFilter, signal?: AbortSignal): Promise<LicencePage> {
    return apiFetch<LicencePage>(licencePaths.list, { query: filterQuery(filter), signal });
  },
  detail(identifier: string, signal?: AbortSignal): Promise<LicenceView & { history: LicenceHistoryEntry[]; statusReason: string | null }> {
    return apiFetch(licencePaths.licence(identifier), { signal });
  },
  act(identifier: string, action: LicenceAction, body: { reason: string; penalty?: boolean }): Promise<{ status: string; statusLabel: string }> {
    return apiFetch(licencePaths.action(identifier, action), { method: 'POST', body });
  },
  /** 变更 (issuing department): issues version + 1 with the changed values; 422 LICENCE_NOTHING_CHANGED when nothing differs. */
  change(identifier: string, body: LicenceChangeBody): Promise<LicenceChanged> {
    return apiFetch<LicenceChanged>(licencePaths.change(identifier), { method: 'POST', body });
  },
  verifyIdentifier(identifier: string, signal?: AbortSignal): Promise<VerifyAnswer> {
    return apiFetch<VerifyAnswer>(licencePaths.verifyIdentifier(identifier), { signal });
  },
  verifyPayload(payload: string, signal?: AbortSignal): Promise<VerifyAnswer> {
    return apiFetch<VerifyAnswer>(licencePaths.verify, { method: 'POST', body: { payload }, signal });
  },
};
