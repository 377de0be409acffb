/** 证照共享授权 (licence service): the holder authorises one licence for one application until a date. */
import { apiFetch } from './http.js';

const BASE = '/api/licence/shares';

export interface ShareGrant {
  shareId: string;
  identifier: string;
  applicationNo: string;
  expiresAt: string;
  watermark: string;
}

export const sharesApi = {
  create(identifier: string, applicationNo: string, expiresAt?: string): Promise<ShareGrant> {
    return apiFetch<ShareGrant>(BASE, { method: 'POST', body: { identifier, applicationNo, ...(expiresAt ? { expiresAt } : {}) } });
  },
  revoke(shareId: string): Promise<unknown> {
    return apiFetch(`${BASE}/${encodeURIComponent(shareId)}`, { method: 'DELETE' });
  },
};
