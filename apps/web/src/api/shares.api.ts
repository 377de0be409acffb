/** 证照共享授权 (licence service): the holder authorises one licence for one application until a date. */
import type { CreateShareBody, ShareGrant, ShareRevoked } from '@hall/contracts/api';
import { apiCall } from './http.js';

export type { ShareGrant } from '@hall/contracts/api';

const BASE = '/api/licence/shares';

export const sharesApi = {
  create(identifier: string, applicationNo: string, expiresAt?: string): Promise<ShareGrant> {
    const body: CreateShareBody = { identifier, applicationNo, ...(expiresAt ? { expiresAt } : {}) };
    return apiCall('ShareGrant', BASE, { method: 'POST', body });
  },
  revoke(shareId: string): Promise<ShareRevoked> {
    return apiCall('ShareRevoked', `${BASE}/${encodeURIComponent(shareId)}`, { method: 'DELETE' });
  },
};
