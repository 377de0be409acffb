/**
 * Driving the embedded hall for the model-based test: real tokens from the dev identity provider, real HTTP with
 * Supertest, control over event delivery (ModelTransport), and read access to each service's own database for the
 * invariants (the hall's `services` map → runtime → db).
 */
import type { ApplicationForm } from '@hall/contracts';
import { messagingOf } from '@hall/platform';
import { samplePdf } from '@hall/storage';
import request from 'supertest';
import type { EmbeddedHall } from '../../src/embedded-hall.js';
import type { ModelTransport } from './model-transport.js';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export interface MaterialSpec {
  id: string;
  name: string;
  required: boolean;
  main?: boolean;
  promiseAllowed: boolean;
}

/** The departments of 开办餐饮店“一件事” and who acts for each (the lead's on-site check needs two officials). */
export const DEPARTMENTS = {
  'market-regulation': { officer: 'approver.market', cosigner: 'head.market' },
  'fire-rescue': { officer: 'approver.fire', cosigner: undefined },
  'urban-management': { officer: 'approver.urban', cosigner: undefined },
} as const;
export type DepartmentCode = keyof typeof DEPARTMENTS;
export const DEPARTMENT_CODES = Object.keys(DEPARTMENTS) as DepartmentCode[];

export const SERVICE_NAMES = ['catalog', 'intake', 'approval', 'licence', 'supervision'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
/** The services that consume events (the ones a restart means something for). */
export const CONSUMING_SERVICES = ['intake', 'approval', 'licence', 'supervision'] as const;
export type ConsumingService = (typeof CONSUMING_SERVICES)[number];

export class HallDriver {
  private readonly tokens = new Map<string, { token: string; until: number }>();
  implementationCode = '';
  materials: MaterialSpec[] = [];
  applicationForm: ApplicationForm = { fields: [] };
  private readonly stopped = new Set<ConsumingService>();
  private readonly deadLettersSeen = new Set<string>();

  constructor(
    readonly hall: EmbeddedHall,
    readonly transport: ModelTransport,
  ) {}

  async prepare(): Promise<void> {
    const search = await request(this.hall.url)
      .get('/api/catalog/implementations')
      .query({ q: '开办餐饮店', region: '330102' });
    const items = (search.body as { items: Array<{ implementationCode: string; regionCode: string }> }).items;
    const item = items.find((i) => i.regionCode === '330102');
    if (!item) throw new Error('开办餐饮店 in 330102 not in the catalog');
    this.implementationCode = item.implementationCode;
    for (let i = 0; ; i++) {
      const res = await request(this.hall.url).get(`/api/intake/implementations/${this.implementationCode}`);
      if (res.status === 200) {
        const snapshot = (
          res.body as { snapshot: { materials: MaterialSpec[]; applicationForm?: ApplicationForm } }
        ).snapshot;
        this.materials = snapshot.materials;
        this.applicationForm = snapshot.applicationForm ?? { fields: [] };
        break;
      }
      if (i > 600) throw new Error('intake never received the implementation');
      await new Promise((r) => setTimeout(r, 100));
    }
    await this.settle();
    await this.newDeadLetters();
  }

  async token(username: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached && cached.until > Date.now()) return cached.token;
    const res = await request(this.hall.url)
      .post('/realms/hall/protocol/openid-connect/token')
      .type('form')
      .send({ grant_type: 'password', client_id: 'hall-cli', username, password: 'demo' });
    if (res.status !== 200) throw new Error(`no token for ${username}: ${res.status}`);
    const { access_token: token, expires_in: seconds } = res.body as {
      access_token: string;
      expires_in?: number;
    };
    // Renewed a minute before it expires: long runs outlive a token.
    this.tokens.set(username, { token, until: Date.now() + Math.max(0, (seconds ?? 300) - 60) * 1000 });
    return token;
  }

  async post(
    username: string,
    path: string,
    body: unknown = {},
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const req = request(this.hall.url)
      .post(path)
      .set('authorization', `Bearer ${await this.token(username)}`);
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    const res = await req.send(body as object);
    return { status: res.status, body: (res.body ?? {}) as Record<string, unknown> };
  }

  async get(username: string, path: string, query: Record<string, string | number> = {}): Promise<Answer> {
    const res = await request(this.hall.url)
      .get(path)
      .query(query)
      .set('authorization', `Bearer ${await this.token(username)}`);
    return { status: res.status, body: (res.body ?? {}) as Record<string, unknown> };
  }

  async upload(username: string, name: string): Promise<string> {
    const res = await request(this.hall.url)
      .post('/api/intake/files')
      .set('authorization', `Bearer ${await this.token(username)}`)
      .attach('file', samplePdf(name), { filename: `${name}.pdf`, contentType: 'application/pdf' });
    if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { id: string }).id;
  }

  /** Rows from one service's own database. */
  async query<T>(service: ServiceName, sql: string, params: unknown[] = []): Promise<T[]> {
    const s = this.hall.services.get(service);
    if (!s) throw new Error(`no service ${service}`);
    return s.runtime.db.sql.query<T>(sql, params);
  }

  async count(service: ServiceName, sql: string, params: unknown[]): Promise<number> {
    const [row] = await this.query<{ n: number }>(service, sql, params);
    return Number(row?.n ?? 0);
  }

  /** Dead letters not reported before (each is reported once: a run is blamed only for its own). */
  async newDeadLetters(): Promise<Array<{ service: string; type: string; key: string; error: string }>> {
    const out: Array<{ service: string; type: string; key: string; error: string }> = [];
    for (const s of SERVICE_NAMES) {
      const rows = await this.query<{
        id: string;
        headers: Record<string, string> | string;
        key: string;
        error: string;
      }>(s, 'SELECT id, headers, key, error FROM dead_letter', []);
      for (const r of rows) {
        if (this.deadLettersSeen.has(r.id)) continue;
        this.deadLettersSeen.add(r.id);
        const headers =
          typeof r.headers === 'string' ? (JSON.parse(r.headers) as Record<string, string>) : r.headers;
        out.push({
          service: s,
          type: headers['event-type'] ?? '?',
          key: r.key,
          error: r.error.slice(0, 300),
        });
      }
    }
    return out;
  }

  private messaging(service: ConsumingService) {
    const runtime = this.hall.services.get(service)?.runtime;
    const m = runtime ? messagingOf(runtime) : undefined;
    if (!m) throw new Error(`no messaging for ${service}`);
    return m;
  }

  /** A service's consumers go down (as in a crash of its process): events for it pile up in the transport. */
  async stopConsumers(service: ConsumingService): Promise<boolean> {
    if (this.stopped.has(service)) return false;
    await this.messaging(service).consumer.stop();
    this.stopped.add(service);
    return true;
  }

  /**
   * The service's consumers come back; the message it handled last is handed to it again first (its offset commit
   * was lost in the crash: at-least-once), then it catches up with what piled up.
   */
  async restartConsumers(service: ConsumingService): Promise<boolean> {
    if (!this.stopped.has(service)) return false;
    this.stopped.delete(service);
    const last = [...this.transport.delivered]
      .reverse()
      .find((m) => this.transport.consumerGroupsOf(m.topic).includes(service));
    if (last) await this.transport.redeliver(service, last);
    await this.messaging(service).consumer.start();
    return true;
  }

  get stoppedServices(): ConsumingService[] {
    return [...this.stopped];
  }

  /**
   * Quiescence: every stopped consumer restarted, every held event released, every outbox row published (or claimed
   * by a relay: handed to the transport) and every consumer caught up — twice in a row, a moment apart (a consumer's
   * commit may stage follow-up events).
   */
  async settle(timeoutMs = 60_000): Promise<void> {
    for (const s of [...this.stopped]) await this.restartConsumers(s);
    const holding = this.transport.holding;
    this.transport.holding = false;
    const start = Date.now();
    let calm = 0;
    try {
      while (calm < 2) {
        this.transport.releaseAll();
        await new Promise((r) => setTimeout(r, 15));
        let pending = 0;
        if (this.transport.idle()) {
          for (const s of SERVICE_NAMES)
            pending += await this.count(
              s,
              // A row the relay claimed was handed to the transport (idle() covers it from there); its
              // published mark may wait for the relay's next claim (outbox-relay.ts: deferred marks).
              'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())',
              [],
            );
        }
        calm = this.transport.idle() && pending === 0 ? calm + 1 : 0;
        if (Date.now() - start > timeoutMs) {
          throw new Error(
            `the hall did not become quiescent within ${timeoutMs} ms (held ${this.transport.heldCount}, backlog ${this.transport.backlog()}, unpublished ${pending})`,
          );
        }
      }
    } finally {
      this.transport.holding = holding;
    }
  }
}
