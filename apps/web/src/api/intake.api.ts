/**
 * Intake service (申报受理): public progress, applicant (apply, my applications, supplement, withdraw, delivery)
 * and window desk (queue, accept, refuse, supplement notice, 容缺, deliver). Shapes: apps/intake controllers and
 * application.schemas.ts; `apps/hall/test/journey.e2e-spec.ts` walks them.
 */
import { apiFetch, uploadWithProgress } from './http.js';

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
} as const;

export type IntakeAction = 'accept' | 'refuse' | 'supplement-notice' | 'supplement' | 'withdraw' | 'delivery' | 'deliver';

/** The public progress answer; shown tolerantly (record-view). */
export type ProgressAnswer = Record<string, unknown>;

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
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface MaterialSpec {
  id: string;
  name: string;
  required: boolean;
  main: boolean;
  promiseAllowed: boolean;
  acceptanceStandard?: string;
  replaceableByLicenceTypes?: string[];
}

export interface ImplementationView {
  code: string;
  snapshot: {
    implementationCode: string;
    version: number;
    baseItem: { name: string };
    regionName: string;
    implementingBody: { name: string };
    promisedLimitDays: number;
    materials: MaterialSpec[];
    /** 申请表 of this version (catalog data); absent or empty: the general form. */
    applicationForm?: { fields: ApplicationFormField[] };
  };
}

/** One field of an implementation's 申请表 (libs/contracts application-form.ts). */
export interface ApplicationFormField {
  key: string;
  label: string;
  type: 'text' | 'textarea' | 'number' | 'date' | 'select' | 'multiselect' | 'boolean' | 'phone' | 'address';
  required: boolean;
  options?: string[];
  pattern?: string;
  patternMessage?: string;
  maxLength?: number;
  min?: number;
  max?: number;
  prefill?: 'name' | 'idNumber' | 'uscc' | 'phone' | 'orgName';
  group?: string;
  /** 填写示例 (shown as the placeholder). */
  example?: string;
}

export type MaterialInput =
  | { materialId: string; source: 'upload'; fileIds: string[] }
  | { materialId: string; source: 'promise'; promise: string }
  | { materialId: string; source: 'licence'; licenceIdentifier: string };

export type DeliveryChoice =
  | { method: 'window' }
  | { method: 'electronic' }
  | { method: 'post'; address: { recipient: string; phone: string; address: string; postcode?: string } };

export interface SubmitBody {
  implementationCode: string;
  formData: Record<string, unknown>;
  /** 申请表 fields of the filed version (labels for formData keys); empty for the general form. */
  formFields?: Array<{ key: string; label: string; type: string }>;
  materials: MaterialInput[];
  delivery?: DeliveryChoice;
  contact?: { phone?: string; email?: string };
}

export interface UploadedFile {
  id: string;
  name: string;
  sha256: string;
  contentType: string;
  size: number;
}

export interface ApplicationSummary {
  no: string;
  status: ApplicationStatus;
  statusLabel: string;
  itemName: string;
  implementationCode: string;
  regionCode: string;
  applicantName: string;
  agent: boolean;
  receivedAt: string;
  supplementDueBy: string | null;
  acceptedAt: string | null;
  completedAt: string | null;
}

export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

export interface FileRef {
  fileId?: string;
  id?: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface ApplicationMaterial {
  materialId: string;
  name: string;
  source: 'upload' | 'licence' | 'promise';
  round: number;
  current: boolean;
  files: FileRef[];
  licenceIdentifier: string | null;
  promise: string | null;
}

export interface Notice {
  id: string;
  kind: string;
  number: string;
  issuedAt: string;
  url: string;
  content: unknown;
}

export interface TimelineEntry {
  from: string | null;
  to: string;
  action: string;
  actor: unknown;
  note: string | null;
  at: string;
}

/** One thing an approval department asked for in its 退回补正: a listed material (materialId) or something it names. */
export interface ReturnItem {
  materialId?: string;
  name: string;
  problem: string;
}

/** 退回补正 by an approval department, with its one-time notice (审查环节补正材料一次性告知书). */
export interface ReturnRequest {
  id: string;
  departmentName: string;
  opinion: string;
  items: ReturnItem[];
  requestedAt: string;
  answeredAt: string | null;
  closedAt: string | null;
  noticeUrl: string | null;
}

export interface Application {
  no: string;
  /** 查询码 of the public progress lookup (the applicant's and the window's view; absent from an older intake). */
  queryCode?: string;
  status: ApplicationStatus;
  statusLabel: string;
  rowVersion: number;
  implementation: { code: string; version: number; itemName: string; regionCode: string; implementingBody: string; promisedLimitDays: number };
  applicant: { kind: string; name: string; idNumber: string; phone: string | null };
  agent: unknown;
  formData: Record<string, unknown>;
  /** 申请表 fields of the filed version (labels for formData keys); empty for the general form. */
  formFields?: Array<{ key: string; label: string; type: string }>;
  materials: ApplicationMaterial[];
  missingMaterialIds: string[];
  delivery: { method: string | null; address: unknown; pickupCode?: string | null; trackingNo: string | null };
  refusal?: { reasons: string; redirectTo: string | null };
  decision?: { outcome: string; reasons: string | null };
  dates: Record<string, string | null>;
  notices: Notice[];
  /** 退回补正 requests (absent from an older intake). */
  returns?: ReturnRequest[];
  /** 撤回 / 终止 awaiting approval's answer (status `closing`). */
  closingAction?: 'withdraw' | 'terminate' | null;
  timeline: TimelineEntry[];
  allowedActions: string[];
}

export const intakeApi = {
  /** 办件进度查询 with the application's 查询码 (from the receipt, the 受理通知书 or the applicant's own view). */
  progress(no: string, code: string, signal?: AbortSignal): Promise<ProgressAnswer> {
    return apiFetch<ProgressAnswer>(intakePaths.progress, { query: { no, code }, signal });
  },
  implementation(code: string, signal?: AbortSignal): Promise<ImplementationView> {
    return apiFetch<ImplementationView>(intakePaths.implementation(code), { signal });
  },
  upload(file: File, onProgress: (percent: number) => void, signal?: AbortSignal): Promise<UploadedFile> {
    return uploadWithProgress<UploadedFile>(intakePaths.files, file, onProgress, signal);
  },
  submit(body: SubmitBody, idempotencyKey: string): Promise<Application> {
    return apiFetch<Application>(intakePaths.applications, { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } });
  },
  mine(page: number, status: string | undefined, signal?: AbortSignal): Promise<Page<ApplicationSummary>> {
    return apiFetch(intakePaths.applications, { query: { mine: 1, page, status }, signal });
  },
  queue(page: number, status: string | undefined, signal?: AbortSignal): Promise<Page<ApplicationSummary>> {
    return apiFetch(intakePaths.applications, { query: { queue: 1, page, status }, signal });
  },
  get(no: string, signal?: AbortSignal): Promise<Application> {
    return apiFetch<Application>(intakePaths.application(no), { signal });
  },
  act(no: string, action: IntakeAction, body: unknown): Promise<Application> {
    return apiFetch<Application>(intakePaths.action(no, action), { method: 'POST', body });
  },
};
