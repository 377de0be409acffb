// Issue 10, item 2 — duplicates and order, over the real consumers of every service that consumes events
// (intake, approval, licence, supervision). Each message is delivered three times (twice at the same moment, then
// once more) and a newer version arrives before an older one: exactly one effect, and the final state is the newest.
import {
  ApplicationAccepted,
  CaseDecided,
  ImplementationPublished,
  ImplementationRetired,
  type ImplementationSnapshot,
} from '@hall/contracts';
import { approvalService } from '@hall/app-approval';
import { intakeService } from '@hall/app-intake';
import { licenceService } from '@hall/app-licence';
import { createSupervisionService } from '@hall/app-supervision';
import { testDatabaseKinds } from '@hall/persistence';
import { type ServiceDefinition } from '@hall/platform';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import { accepted, EXTRA_ACCOUNTS, snapshot } from '../../apps/approval/test/factories/approval.factory.js';
import { decision, implementationSnapshot } from '../../apps/licence/test/factories/licence.factory.js';
import { CapturingTransport, messageOf } from './support/capturing-transport.js';

// Real PostgreSQL when it answers (concurrent deliveries then really race on separate connections).
const kinds = await testDatabaseKinds();
const kind = kinds.includes('pg') ? 'pg' : 'pglite';

const count = async (h: ServiceHarness, sql: string, params: unknown[]): Promise<number> =>
  Number((await h.database.db.sql.query<{ n: number }>(sql, params))[0]?.n ?? -1);
const one = async <T>(h: ServiceHarness, sql: string, params: unknown[]): Promise<T | undefined> =>
  (await h.database.db.sql.query<T>(sql, params))[0];

/** Two versions of one implementation: v2 renames its first licence type, so "which version won" is visible. */
function versions(base: ImplementationSnapshot): [ImplementationSnapshot, ImplementationSnapshot] {
  const v1 = { ...base, version: 1 };
  const v2 = {
    ...base,
    version: 2,
    promisedLimitDays: base.promisedLimitDays - 1,
    results: base.results.map((r, i) => (i === 0 ? { ...r, name: `${r.name}（新版）` } : r)),
    publishedAt: new Date(Date.parse(base.publishedAt) + 86_400_000).toISOString(),
  };
  return [v1, v2];
}

interface ServiceCase {
  service: string;
  definition: ServiceDefinition;
  extraAccounts?: typeof EXTRA_ACCOUNTS;
  /** How the service shows which implementation version it treats as current, and how many versions it holds. */
  implementationState(h: ServiceHarness, code: string): Promise<{ current: number | null; held: number }>;
  /** The service's own business consumer: one message, delivered three times → its effects, counted. */
  domain: {
    name: string;
    prepare(h: ServiceHarness, t: CapturingTransport): Promise<ReturnType<typeof messageOf>>;
    effects(h: ServiceHarness, message: ReturnType<typeof messageOf>): Promise<Record<string, number>>;
    expected: Record<string, number>;
  };
}

const payloadOf = (m: ReturnType<typeof messageOf>) =>
  (JSON.parse(m.value) as { payload: Record<string, unknown> }).payload;

const CASES: ServiceCase[] = [
  {
    service: 'intake',
    definition: intakeService,
    async implementationState(h, code) {
      const view = await one<{ version: number; status: string }>(
        h,
        'SELECT version, status FROM implementation_view WHERE code = $1',
        [code],
      );
      return {
        current: view?.status === 'published' ? view.version : null,
        held: await count(h, 'SELECT count(*)::int AS n FROM implementation_version WHERE code = $1', [code]),
      };
    },
    domain: {
      name: 'catalog.implementation.retired (an older retire after a newer publish never hides it; the current one retires once)',
      async prepare(h, t) {
        const [v1, v2] = versions(
          snapshot({ implementationCode: `${snapshot().implementationCode.slice(0, 20)}9000140100001` }),
        );
        await t.deliver('intake', messageOf(ImplementationPublished, v1));
        await t.deliver('intake', messageOf(ImplementationPublished, v2));
        const stale = messageOf(ImplementationRetired, {
          implementationCode: v1.implementationCode,
          version: 1,
          retiredAt: new Date().toISOString(),
          reason: '旧版',
        });
        await t.deliverThrice('intake', stale);
        expect(await this.effects(h, stale)).toEqual({ published: 1, retired: 0 });
        return messageOf(ImplementationRetired, {
          implementationCode: v2.implementationCode,
          version: 2,
          retiredAt: new Date().toISOString(),
          reason: '废止',
        });
      },
      async effects(h, m) {
        const code = String(payloadOf(m)['implementationCode']);
        return {
          published: await count(
            h,
            `SELECT count(*)::int AS n FROM implementation_view WHERE code = $1 AND status = 'published' AND version = 2`,
            [code],
          ),
          retired: await count(
            h,
            `SELECT count(*)::int AS n FROM implementation_view WHERE code = $1 AND status = 'retired' AND version = 2`,
            [code],
          ),
        };
      },
      expected: { published: 0, retired: 1 },
    },
  },
  {
    service: 'approval',
    definition: approvalService,
    extraAccounts: EXTRA_ACCOUNTS,
    async implementationState(h, code) {
      // Approval keeps every version (a case follows the version its application names): "current" = newest held.
      const row = await one<{ v: number | null; n: number }>(
        h,
        'SELECT max(version) AS v, count(*)::int AS n FROM implementation_version_view WHERE code = $1',
        [code],
      );
      return { current: row?.v ?? null, held: Number(row?.n ?? 0) };
    },
    domain: {
      name: 'intake.application.accepted → one case, one task per department, one case.opened event',
      async prepare(_h, t) {
        const s = snapshot();
        await t.deliver('approval', messageOf(ImplementationPublished, s));
        return messageOf(ApplicationAccepted, accepted(s));
      },
      async effects(h, m) {
        const no = String(payloadOf(m)['applicationNo']);
        return {
          cases: await count(h, 'SELECT count(*)::int AS n FROM approval_case WHERE application_no = $1', [
            no,
          ]),
          tasks: await count(h, 'SELECT count(*)::int AS n FROM approval_task WHERE application_no = $1', [
            no,
          ]),
          opened: await count(
            h,
            `SELECT count(*)::int AS n FROM outbox WHERE type = 'approval.case.opened' AND key = $1`,
            [no],
          ),
        };
      },
      expected: { cases: 1, tasks: 4, opened: 1 },
    },
  },
  {
    service: 'licence',
    definition: licenceService,
    async implementationState(h, code) {
      const impl = await one<{ version: number }>(
        h,
        'SELECT version FROM licence_implementation WHERE implementation_code = $1',
        [code],
      );
      const types = await h.database.db.sql.query<{ implementation_version: number }>(
        'SELECT implementation_version FROM licence_type WHERE implementation_code = $1',
        [code],
      );
      // Every licence type of the implementation must follow the same (newest) version as the implementation.
      const typeVersions = new Set(types.map((r) => r.implementation_version));
      return {
        current: impl && typeVersions.size === 1 && typeVersions.has(impl.version) ? impl.version : null,
        held: impl ? 1 : 0,
      };
    },
    domain: {
      name: 'approval.case.decided → one signed licence per licence type, one licence.issued each',
      async prepare(_h, t) {
        await t.deliver('licence', messageOf(ImplementationPublished, implementationSnapshot()));
        return messageOf(CaseDecided, decision());
      },
      async effects(h, m) {
        const no = String(payloadOf(m)['applicationNo']);
        return {
          licences: await count(h, 'SELECT count(*)::int AS n FROM licence WHERE application_no = $1', [no]),
          issued: await count(
            h,
            `SELECT count(*)::int AS n FROM outbox WHERE type = 'licence.issued' AND payload->>'applicationNo' = $1`,
            [no],
          ),
        };
      },
      expected: { licences: 2, issued: 2 },
    },
  },
  {
    service: 'supervision',
    definition: createSupervisionService({ settings: { evaluateEveryMs: 0 } }),
    async implementationState(h, code) {
      const row = await one<{ v: number | null; n: number }>(
        h,
        'SELECT max(version) AS v, count(*)::int AS n FROM implementation_info WHERE code = $1',
        [code],
      );
      return { current: row?.v ?? null, held: Number(row?.n ?? 0) };
    },
    domain: {
      name: 'intake.application.accepted → one timeline entry, one supervised case',
      async prepare(_h, t) {
        const s = snapshot();
        await t.deliver('supervision', messageOf(ImplementationPublished, s));
        return messageOf(ApplicationAccepted, accepted(s));
      },
      async effects(h, m) {
        const no = String(payloadOf(m)['applicationNo']);
        return {
          timeline: await count(h, 'SELECT count(*)::int AS n FROM timeline_entry WHERE case_no = $1', [no]),
          cases: await count(h, 'SELECT count(*)::int AS n FROM supervised_case WHERE application_no = $1', [
            no,
          ]),
        };
      },
      expected: { timeline: 1, cases: 1 },
    },
  },
];

describe.each(CASES)(
  '$service consumers: every message three times, some at once, newer before older',
  (c) => {
    let h: ServiceHarness;
    let t: CapturingTransport;

    beforeAll(async () => {
      t = new CapturingTransport();
      h = await startServiceForTest(c.definition, {
        db: kind,
        transport: t,
        ...(c.extraAccounts && { extraAccounts: c.extraAccounts }),
      });
    }, 90_000);
    afterAll(async () => {
      await h?.close();
    });

    it('catalog.implementation.published: v2 ×3 then v1 ×3 → each version stored once, the newest is current', async () => {
      const base =
        c.service === 'licence'
          ? implementationSnapshot({
              implementationCode: `${implementationSnapshot().implementationCode.slice(0, 20)}4000140100077`,
            })
          : snapshot({ implementationCode: `${snapshot().implementationCode.slice(0, 20)}3000140100077` });
      const [v1, v2] = versions(base);
      const m2 = messageOf(ImplementationPublished, v2);
      const m1 = messageOf(ImplementationPublished, v1);
      await t.deliverThrice(c.service, m2);
      await t.deliverThrice(c.service, m1);
      const state = await c.implementationState(h, base.implementationCode);
      expect(state.current).toBe(2);
      expect(state.held).toBe(c.service === 'licence' ? 1 : 2);
      // One inbox row per event id, whatever the number of deliveries.
      const ids = [m1, m2].map((m) => m.headers['event-id']);
      expect(
        await count(h, 'SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])', [ids]),
      ).toBe(2);
      if (c.service === 'licence') {
        const first = await one<{ name: string }>(
          h,
          `SELECT name FROM licence_type WHERE implementation_code = $1 AND code = $2`,
          [base.implementationCode, base.results[0]?.licenceTypeCode],
        );
        expect(first?.name).toBe(`${base.results[0]?.name ?? ''}（新版）`);
      }
    });

    it(`${c.domain.name}`, async () => {
      const m = await c.domain.prepare(h, t);
      await t.deliverThrice(c.service, m);
      expect(await c.domain.effects(h, m)).toEqual(c.domain.expected);
      expect(
        await count(h, 'SELECT count(*)::int AS n FROM inbox WHERE event_id = $1::uuid', [
          m.headers['event-id'],
        ]),
      ).toBe(1);
    });
  },
);
