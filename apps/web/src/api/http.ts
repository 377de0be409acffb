/**
 * The one HTTP client of the web app: same-origin JSON calls to the services' public APIs (`/api/<service>/…`),
 * the bearer token of the signed-in user attached, errors turned into `ApiError` with the hall's error shape
 * `{ statusCode, code, message, details?, correlationId }`.
 */
import type * as Contracts from '@hall/contracts/api';
import type { z } from 'zod';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly correlationId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Where the access token comes from (set by the auth provider; undefined when signed out). */
let tokenSource: () => Promise<string | undefined> = async () => undefined;

export function setTokenSource(source: () => Promise<string | undefined>): void {
  tokenSource = source;
}

export type QueryValue = string | number | boolean | undefined | null;

export function buildQuery(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

// client type: how the web calls a route (method, query, body, signal)
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Readonly<Record<string, QueryValue>>;
  /** JSON body (FormData is sent as multipart). */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (isRecord(body)) {
    const code = typeof body.code === 'string' ? body.code : `HTTP_${res.status}`;
    const message = typeof body.message === 'string' ? body.message : res.statusText;
    const correlationId = typeof body.correlationId === 'string' ? body.correlationId : undefined;
    return new ApiError(res.status, code, message, body.details, correlationId);
  }
  return new ApiError(res.status, `HTTP_${res.status}`, res.statusText || `HTTP ${res.status}`);
}

/** The current access token (for requests apiFetch cannot make, e.g. uploads with progress). */
export function currentToken(): Promise<string | undefined> {
  return tokenSource();
}

/**
 * POSTs a file as multipart (field `file`) with upload progress (XMLHttpRequest: fetch has no upload progress).
 * `onProgress` gets 0–100.
 */
export async function uploadWithProgress<T>(
  path: string,
  file: File,
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  const token = await tokenSource();
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', 'network error'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        resolve(body as T);
        return;
      }
      const b = isRecord(body) ? body : {};
      reject(
        new ApiError(
          xhr.status,
          typeof b.code === 'string' ? b.code : `HTTP_${xhr.status}`,
          typeof b.message === 'string' ? b.message : xhr.statusText || `HTTP ${xhr.status}`,
          b.details,
          typeof b.correlationId === 'string' ? b.correlationId : undefined,
        ),
      );
    };
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Fetches a protected file with the token and opens it (inline) in a new tab, or saves it as `downloadName`. */
export async function openProtectedFile(path: string, downloadName?: string): Promise<void> {
  const token = await tokenSource();
  const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw await errorFrom(res);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  if (downloadName) a.download = downloadName;
  else {
    a.target = '_blank';
    a.rel = 'noopener';
  }
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function apiFetch<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  const token = await tokenSource();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(`${path}${buildQuery(opts.query)}`, {
      method: opts.method ?? 'GET',
      headers,
      body,
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK_ERROR', err instanceof Error ? err.message : 'network error');
  }
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** The response schemas of the HTTP contracts (`@hall/contracts/api`), by export name. */
type ContractName = {
  [K in keyof typeof Contracts]: (typeof Contracts)[K] extends z.ZodType ? K : never;
}[keyof typeof Contracts];
/** The type of a contract's response (the schema's output). */
export type ContractOf<K extends ContractName> = z.output<(typeof Contracts)[K]>;

/**
 * `apiFetch` of a route with a contract: the answer is typed by the named response schema of
 * `@hall/contracts/api` and, in development builds, checked against it — a server that drifted from the contract
 * fails loudly here (an `ApiError` CONTRACT_MISMATCH naming the path and the field) instead of somewhere in a page.
 * The schema is passed by name so production builds carry neither zod nor the schemas (the check and its dynamic
 * import are dropped; the type-check already ties the web to the contract). The body is returned as sent.
 */
export async function apiCall<K extends ContractName>(
  contract: K,
  path: string,
  opts: RequestOptions = {},
): Promise<ContractOf<K>> {
  const body = await apiFetch<unknown>(path, opts);
  if (import.meta.env.DEV) await checkContract(contract, path, body);
  return body as ContractOf<K>;
}

async function checkContract(contract: ContractName, path: string, body: unknown): Promise<void> {
  const schema: z.ZodType = (await import('@hall/contracts/api'))[contract];
  const result = schema.safeParse(body);
  if (result.success) return;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || '(body)';
  throw new ApiError(
    0,
    'CONTRACT_MISMATCH',
    `response of ${path} does not match ${contract} at ${field}: ${issue?.message ?? 'invalid'}`,
    result.error.issues,
  );
}

/**
 * True when the answer means "this API route does not exist (yet)" rather than "this record does not exist":
 * a Nest/Fastify route miss ("Cannot GET …"), the hall's or nginx's unknown-service answer.
 */
export function isRouteMissing(err: unknown): boolean {
  if (!(err instanceof ApiError) || err.status !== 404) return false;
  if (err.code !== 'NOT_FOUND' && err.code !== 'HTTP_404') return false;
  return (
    /^Cannot (GET|POST|PUT|PATCH|DELETE) /.test(err.message) ||
    /^no (such API|service\b)/.test(err.message) ||
    err.code === 'HTTP_404'
  );
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}
