/**
 * Intake service (申报受理): public progress, applicant (apply, my applications, supplement, withdraw, delivery)
 * and window desk (queue, accept, refuse, supplement notice, 容缺, deliver). Request and response types are the
 * service's HTTP contract (`@hall/contracts/api`, libs/contracts/src/intake/intake-api.ts); responses are checked
 * against it in development builds (apiCall). `apps/hall/test/journey.e2e-spec.ts` walks the routes.
 */
import type {
  ApplicationAcceptBody,
  ApplicationDeliverBody,
  ApplicationHandoverBody,
  ApplicationListQuery,
  ApplicationPage,
  ApplicationRefuseBody,
  ApplicationStatusCode,
  ApplicationView,
  ApplicationWithdrawBody,
  DeliveryChoice,
  IntakeImplementation,
  PublicDecisionPage,
  PublicDecisionsQuery,
  PublicProgress,
  ServicePointAdmin,
  ServicePointAdminList,
  ServicePointInput,
  ServicePointList,
  ServicePointQuery,
  SubmitApplicationBody,
  SupplementBody,
  SupplementNoticeBody,
  UploadedMaterialFile,
} from '@hall/contracts/api';
import { apiCall, uploadWithProgress } from './http.js';

export type {
  ApplicationMaterialView as ApplicationMaterial,
  ApplicationPage,
  ApplicationSummary,
  ApplicationView as Application,
  DeliveryChoice,
  FormField as ApplicationFormField,
  IntakeImplementation as ImplementationView,
  MaterialFileRef as FileRef,
  MaterialInput,
  MaterialSpec,
  PublicDecisionPage,
  PublicProgress as ProgressAnswer,
  ServicePointAdmin,
  ServicePointAdminList,
  ServicePointHit,
  ServicePointInput,
  ServicePointList,
  ReturnRequestView as ReturnRequest,
  ApplicationStatusCode as ApplicationStatus,
  UploadedMaterialFile as UploadedFile,
} from '@hall/contracts/api';

const BASE = '/api/intake';
const enc = encodeURIComponent;

export const intakePaths = {
  files: `${BASE}/files`,
  applications: `${BASE}/applications`,
  application: (no: string) => `${BASE}/applications/${enc(no)}`,
  action: (no: string, action: IntakeAction) => `${BASE}/applications/${enc(no)}/${action}`,
  implementation: (code: string) => `${BASE}/implementations/${enc(code)}`,
  progress: `${BASE}/public/progress`,
  decisions: `${BASE}/public/decisions`,
  servicePoints: `${BASE}/service-points`,
} as const;

type ApplicationListQueryInput = Partial<ApplicationListQuery>;

/** A page of a list answer (the paging of ApplicationPage around other items). */
export type Page<T> = Omit<ApplicationPage, 'items'> & { items: T[] };

/** The request body of each action route (`POST /applications/:no/<action>`). */
// client type: each window action with its contract body
export interface IntakeActionBodies {
  accept: ApplicationAcceptBody;
  refuse: ApplicationRefuseBody;
  'supplement-notice': SupplementNoticeBody;
  supplement: Partial<SupplementBody>;
  withdraw: Partial<ApplicationWithdrawBody>;
  delivery: DeliveryChoice;
  deliver: ApplicationDeliverBody;
  handover: ApplicationHandoverBody;
}
export type IntakeAction = keyof IntakeActionBodies;

/** What the applicant sends (defaults of the contract may be left out). */
export type SubmitBody = Omit<SubmitApplicationBody, 'delivery' | 'formData' | 'materials'> &
  Partial<Pick<SubmitApplicationBody, 'delivery' | 'formData' | 'materials'>>;

/** Every status, in the order of the process (the contract's list; kept here so the bundle carries no zod). */
export const APPLICATION_STATUSES = [
  'submitted',
  'supplement-requested',
  'supplemented',
  'accepted',
  'returned',
  'closing',
  'refused',
  'withdrawn',
  'terminated',
  'decided',
  'completed',
  'delivered',
] as const satisfies readonly ApplicationStatusCode[];
// Every contract status is listed (a status added to the contract fails the type-check here).
const _allStatuses: Record<Exclude<ApplicationStatusCode, (typeof APPLICATION_STATUSES)[number]>, never> = {};
void _allStatuses;

export const intakeApi = {
  /** 办件进度查询 with the application's 查询码 (from the receipt, the 受理通知书 or the applicant's own view). */
  progress(no: string, code: string, signal?: AbortSignal): Promise<PublicProgress> {
    return apiCall('PublicProgress', intakePaths.progress, { query: { no, code }, signal });
  },
  /** 双公示: published licensing decisions (applicant masked), filtered by region and outcome, paged. */
  decisions(q: Partial<PublicDecisionsQuery>, signal?: AbortSignal): Promise<PublicDecisionPage> {
    return apiCall('PublicDecisionPage', intakePaths.decisions, { query: { ...q }, signal });
  },
  /** 办理网点: where an item can be handled, nearest first for a region (public). */
  servicePoints(q: ServicePointQuery, signal?: AbortSignal): Promise<ServicePointList> {
    return apiCall('ServicePointList', intakePaths.servicePoints, { query: { ...q }, signal });
  },
  /** 服务网点管理: the points of the administrator's region. */
  adminServicePoints(signal?: AbortSignal): Promise<ServicePointAdminList> {
    return apiCall('ServicePointAdminList', `${intakePaths.servicePoints}/admin`, { signal });
  },
  createServicePoint(body: ServicePointInput): Promise<ServicePointAdmin> {
    return apiCall('ServicePointAdmin', intakePaths.servicePoints, { method: 'POST', body });
  },
  replaceServicePoint(id: string, body: ServicePointInput): Promise<ServicePointAdmin> {
    return apiCall('ServicePointAdmin', `${intakePaths.servicePoints}/${enc(id)}`, { method: 'PUT', body });
  },
  implementation(code: string, signal?: AbortSignal): Promise<IntakeImplementation> {
    return apiCall('IntakeImplementation', intakePaths.implementation(code), { signal });
  },
  upload(
    file: File,
    onProgress: (percent: number) => void,
    signal?: AbortSignal,
  ): Promise<UploadedMaterialFile> {
    return uploadWithProgress<UploadedMaterialFile>(intakePaths.files, file, onProgress, signal);
  },
  submit(body: SubmitBody, idempotencyKey: string): Promise<ApplicationView> {
    return apiCall('ApplicationView', intakePaths.applications, {
      method: 'POST',
      body,
      headers: { 'idempotency-key': idempotencyKey },
    });
  },
  /** 我的办件: by status, 事项名称 / 办件编号 text and the days of receipt (YYYY-MM-DD, both inclusive). */
  mine(
    page: number,
    filters: Pick<ApplicationListQueryInput, 'status' | 'q' | 'from' | 'to'>,
    signal?: AbortSignal,
  ): Promise<ApplicationPage> {
    return apiCall('ApplicationPage', intakePaths.applications, {
      query: { mine: 1, page, ...filters },
      signal,
    });
  },
  queue(page: number, status: string | undefined, signal?: AbortSignal): Promise<ApplicationPage> {
    return apiCall('ApplicationPage', intakePaths.applications, {
      query: { queue: 1, page, status },
      signal,
    });
  },
  get(no: string, signal?: AbortSignal): Promise<ApplicationView> {
    return apiCall('ApplicationView', intakePaths.application(no), { signal });
  },
  act<A extends IntakeAction>(no: string, action: A, body: IntakeActionBodies[A]): Promise<ApplicationView> {
    return apiCall('ApplicationView', intakePaths.action(no, action), { method: 'POST', body });
  },
};
