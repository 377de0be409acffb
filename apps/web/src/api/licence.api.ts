/** Licence service (电子证照) — paths fixed by issue #6; public verification is wired to a screen. */
import { apiFetch } from './http.js';

const BASE = '/api/licence';
const enc = encodeURIComponent;

export const licencePaths = {
  mine: `${BASE}/licences?mine=1`,
  licence: (identifier: string) => `${BASE}/licences/${enc(identifier)}`,
  pdf: (identifier: string) => `${BASE}/licences/${enc(identifier)}/pdf`,
  action: (identifier: string, action: 'suspend' | 'restore' | 'revoke' | 'cancel') => `${BASE}/licences/${enc(identifier)}/${action}`,
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
  status: string;
  statusLabel: string;
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

/** The verification answer (genuine/forged, status, validity, masked holder); shape comes with the service. */
export type VerifyAnswer = Record<string, unknown>;

/** 电子证照标识: 1.2.156.3005.2.{type}.{issuer USCC}.{serial}.{version}.{check}. */
export const LICENCE_IDENTIFIER = /^1\.2\.156\.3005\.2\.[0-9A-Za-z]+\.[0-9A-Z]{18}\.[0-9A-Za-z]+\.\d{3}\.[0-9A-Z*]$/;

export const licenceApi = {
  mine(signal?: AbortSignal): Promise<{ items: LicenceView[] }> {
    return apiFetch<{ items: LicenceView[] }>(licencePaths.mine, { signal });
  },
  verifyIdentifier(identifier: string, signal?: AbortSignal): Promise<VerifyAnswer> {
    return apiFetch<VerifyAnswer>(licencePaths.verifyIdentifier(identifier), { signal });
  },
  verifyPayload(payload: string, signal?: AbortSignal): Promise<VerifyAnswer> {
    return apiFetch<VerifyAnswer>(licencePaths.verify, { method: 'POST', body: { payload }, signal });
  },
};
