/** Routes of the 预约办理 screens (path, page loaded on demand, document title); app.tsx mounts them. */
import type { MessageKey } from '../../i18n/messages.js';
import { lazyPage, type LazyPage } from '../../layout/lazy-page.js';

const Book = lazyPage(
  () => import('./book-page.js'),
  (m) => m.BookAppointmentPage,
  ['applicant'],
);
const Mine = lazyPage(
  () => import('./my-appointments-page.js'),
  (m) => m.MyAppointmentsPage,
  ['applicant'],
);

export const APPOINTMENT_ROUTES: ReadonlyArray<readonly [string, LazyPage, MessageKey]> = [
  ['/appointments/book', Book, 'title.appointmentBook'],
  ['/me/appointments', Mine, 'title.myAppointments'],
];
