/**
 * 预约办理 (intake service, `/api/intake/appointments`): the bookable slots of a service point for an item (public),
 * booking and 我的预约 with cancellation (applicants), the window's day list (clerks). Types are the HTTP contract.
 */
import type {
  AppointmentDayList,
  AppointmentList,
  AppointmentSlotDays,
  AppointmentSlotQuery,
  AppointmentView,
  BookAppointmentBody,
} from '@hall/contracts/api';
import { apiCall } from './http.js';

export type {
  AppointmentDayEntry,
  AppointmentDayList,
  AppointmentSlot,
  AppointmentSlotDays,
  AppointmentView,
} from '@hall/contracts/api';

const BASE = '/api/intake/appointments';

export const appointmentsApi = {
  slots(q: AppointmentSlotQuery, signal?: AbortSignal): Promise<AppointmentSlotDays> {
    return apiCall('AppointmentSlotDays', `${BASE}/slots`, { query: { ...q }, signal });
  },
  book(body: BookAppointmentBody): Promise<AppointmentView> {
    return apiCall('AppointmentView', BASE, { method: 'POST', body });
  },
  mine(signal?: AbortSignal): Promise<AppointmentList> {
    return apiCall('AppointmentList', `${BASE}/mine`, { signal });
  },
  cancel(id: string): Promise<AppointmentView> {
    return apiCall('AppointmentView', `${BASE}/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
  },
  day(q: { date?: string; servicePointId?: string }, signal?: AbortSignal): Promise<AppointmentDayList> {
    return apiCall('AppointmentDayList', `${BASE}/day`, { query: { ...q }, signal });
  },
};
