/**
 * A small client for driving an embedded hall over real HTTP with real tokens from the dev identity provider:
 * the calls every role makes (submit with uploads, window actions, task actions, decision), with failures that say
 * what the server answered.
 */
import { exampleFormData, type ApplicationForm } from '@hall/contracts';
import { samplePdf } from '@hall/storage';
import request from 'supertest';

export interface Res {
  status: number;
  body: unknown;
}

export interface MaterialSpec {
  id: string;
  name: string;
  required: boolean;
  promiseAllowed: boolean;
}

export interface TaskView {
  id: string;
  applicationNo: string;
  status: string;
  version: number;
  role: string;
  departmentCode: string;
}

export function expectStatus(res: Res, status: number): void {
  if (res.status !== status)
    throw new Error(`expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
}

export function expectOk(res: Res): void {
  if (res.status < 200 || res.status > 299)
    throw new Error(`expected success, got ${res.status}: ${JSON.stringify(res.body)}`);
}

export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`not reached in time: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class HallClient {
  private readonly tokens = new Map<string, string>();

  constructor(readonly url: string) {}

  async auth(username: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached) return `Bearer ${cached}`;
    const res = await request(this.url)
      .post('/realms/hall/protocol/openid-connect/token')
      .type('form')
      .send({ grant_type: 'password', client_id: 'hall-cli', username, password: 'demo' });
    expectStatus(res, 200);
    const token = (res.body as { access_token: string }).access_token;
    this.tokens.set(username, token);
    return `Bearer ${token}`;
  }

  async get(
    username: string | undefined,
    path: string,
    query: Record<string, string | number> = {},
  ): Promise<Res> {
    const req = request(this.url).get(path).query(query);
    if (username) req.set('authorization', await this.auth(username));
    return req;
  }

  async post(username: string, path: string, body: unknown = {}): Promise<Res> {
    return request(this.url)
      .post(path)
      .set('authorization', await this.auth(username))
      .send(body as object);
  }

  async upload(username: string, name: string): Promise<string> {
    const res = await request(this.url)
      .post('/api/intake/files')
      .set('authorization', await this.auth(username))
      .attach('file', samplePdf(name), { filename: `${name}.pdf`, contentType: 'application/pdf' });
    expectStatus(res, 201);
    return (res.body as { id: string }).id;
  }

  /** The implementation code of an item in a region (catalog search) once intake knows it, with its materials. */
  async implementation(
    q: string,
    region: string,
  ): Promise<{ code: string; materials: MaterialSpec[]; applicationForm: ApplicationForm }> {
    const search = await this.get(undefined, '/api/catalog/implementations', { q, region });
    expectStatus(search, 200);
    const item = (
      search.body as { items: Array<{ implementationCode: string; regionCode: string }> }
    ).items.find((i) => i.regionCode === region);
    if (!item) throw new Error(`no implementation "${q}" in ${region}`);
    const view = await eventually('intake knows the implementation', async () => {
      const res = await this.get(undefined, `/api/intake/implementations/${item.implementationCode}`);
      return res.status === 200
        ? (res.body as { snapshot: { materials: MaterialSpec[]; applicationForm?: ApplicationForm } })
        : undefined;
    });
    return {
      code: item.implementationCode,
      materials: view.snapshot.materials,
      applicationForm: view.snapshot.applicationForm ?? { fields: [] },
    };
  }

  /** Submits with every required material (an upload, or a promise where 告知承诺 is allowed); returns the number. */
  /** The implementation's 申请表 (from intake's snapshot). */
  async applicationForm(code: string): Promise<ApplicationForm> {
    const res = await this.get(undefined, `/api/intake/implementations/${code}`);
    expectStatus(res, 200);
    return (
      (res.body as { snapshot: { applicationForm?: ApplicationForm } }).snapshot.applicationForm ?? {
        fields: [],
      }
    );
  }

  /**
   * Submits with every required material (uploaded, or promised where 告知承诺 is allowed) and the form's
   * examples as form data (填报样例), `formData` replacing single values.
   */
  async submit(
    username: string,
    impl: { code: string; materials: MaterialSpec[]; applicationForm?: ApplicationForm },
    formData: Record<string, unknown> = {},
  ): Promise<string> {
    formData = exampleFormData(impl.applicationForm ?? (await this.applicationForm(impl.code)), formData);
    const materials = [];
    for (const m of impl.materials.filter((x) => x.required)) {
      materials.push(
        m.promiseAllowed
          ? { materialId: m.id, source: 'promise', promise: '本人承诺所填信息真实，符合法定条件。' }
          : { materialId: m.id, source: 'upload', fileIds: [await this.upload(username, m.id)] },
      );
    }
    const res = await this.post(username, '/api/intake/applications', {
      implementationCode: impl.code,
      formData,
      materials,
    });
    expectStatus(res, 201);
    return (res.body as { no: string }).no;
  }

  async application(username: string, no: string): Promise<Record<string, unknown> & { status: string }> {
    const res = await this.get(username, `/api/intake/applications/${no}`);
    expectStatus(res, 200);
    return res.body as Record<string, unknown> & { status: string };
  }

  async caseOf(
    username: string,
    no: string,
  ): Promise<Record<string, unknown> & { status: string; tasks: TaskView[] }> {
    const res = await this.get(username, `/api/approval/cases/${no}`);
    expectStatus(res, 200);
    return res.body as Record<string, unknown> & { status: string; tasks: TaskView[] };
  }

  /** Every page of the officer's queue (a shared hall may hold more tasks than one page). */
  async queue(username: string): Promise<TaskView[]> {
    const all: TaskView[] = [];
    for (let page = 1; ; page++) {
      const res = await this.get(username, '/api/approval/tasks', { pageSize: 100, page });
      expectStatus(res, 200);
      const items = (res.body as { items: TaskView[] }).items;
      all.push(...items);
      if (items.length < 100) return all;
    }
  }

  async openTask(username: string, no: string): Promise<TaskView> {
    return eventually(`${username} sees the task of ${no}`, async () =>
      (await this.queue(username)).find((t) => t.applicationNo === no),
    );
  }

  /** Claim and complete (co-signed by `cosigner` when the step needs two officials). */
  async examine(
    username: string,
    taskId: string,
    body: Record<string, unknown>,
    cosigner?: string,
  ): Promise<Res> {
    const claim = await this.post(username, `/api/approval/tasks/${taskId}/claim`);
    if (claim.status >= 300) return claim;
    const done = await this.post(username, `/api/approval/tasks/${taskId}/complete`, body);
    if (done.status >= 300 || (done.body as { status: string }).status !== 'cosign' || !cosigner) return done;
    return this.post(cosigner, `/api/approval/tasks/${taskId}/complete`, body);
  }

  async licencesOf(
    username: string,
    no: string,
  ): Promise<Array<{ identifier: string; applicationNo?: string }>> {
    const res = await this.get(username, '/api/licence/licences', { mine: 1 });
    expectStatus(res, 200);
    return (res.body as { items: Array<{ identifier: string; applicationNo?: string }> }).items.filter(
      (l) => l.applicationNo === no,
    );
  }
}
