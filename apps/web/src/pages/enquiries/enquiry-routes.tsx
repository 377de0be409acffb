/**
 * Routes of the 在线咨询与投诉 screens (path, page loaded on demand, document title); app.tsx mounts them. Asking,
 * the anonymous 诉求查询 (查询码) and the published answers need no login; my enquiries are the applicant's; the queue is the clerks' (dispatch) and
 * the department officers' (answer).
 */
import type { MessageKey } from '../../i18n/messages.js';
import { lazyPage, type LazyPage } from '../../layout/lazy-page.js';

const Published = lazyPage(
  () => import('./published-page.js'),
  (m) => m.PublishedEnquiriesPage,
);
const Ask = lazyPage(
  () => import('./ask-page.js'),
  (m) => m.AskEnquiryPage,
);
const Lookup = lazyPage(
  () => import('./lookup-page.js'),
  (m) => m.EnquiryLookupPage,
);
const Mine = lazyPage(
  () => import('./my-enquiries-page.js'),
  (m) => m.MyEnquiriesPage,
  ['applicant'],
);
const MyOne = lazyPage(
  () => import('./my-enquiry-page.js'),
  (m) => m.MyEnquiryPage,
  ['applicant'],
);
const Work = lazyPage(
  () => import('./enquiry-work-page.js'),
  (m) => m.EnquiryWorkPage,
  ['clerk', 'approver'],
);

const Stats = lazyPage(
  () => import('./enquiry-stats-page.js'),
  (m) => m.EnquiryStatsPage,
  ['supervisor', 'clerk'],
);

export const ENQUIRY_ROUTES: ReadonlyArray<readonly [string, LazyPage, MessageKey]> = [
  ['/enquiries', Published, 'title.enquiries'],
  ['/enquiries/ask', Ask, 'title.enquiryAsk'],
  ['/enquiries/lookup', Lookup, 'title.enquiryLookup'],
  ['/enquiries/work', Work, 'title.enquiryWork'],
  ['/enquiries/stats', Stats, 'title.enquiryStats'],
  ['/me/enquiries', Mine, 'title.myEnquiries'],
  ['/me/enquiries/:no', MyOne, 'title.myEnquiry'],
];
