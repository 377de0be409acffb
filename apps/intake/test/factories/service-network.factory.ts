import { randomUUID } from 'node:crypto';
import { Role } from '@hall/auth';
import { demoAccounts, type DemoAccount } from '@hall/auth/dev';
import { ServicePointList, type ImplementationSnapshot as Snapshot } from '@hall/contracts';
import { strictDeep } from '@hall/platform';
import request from 'supertest';
import { IntakeStore } from '../../src/intake.store.js';
import type { ServicePoint } from '../../src/service-points/service-network.js';
import { addServicePoints } from '../../src/service-points/service-point.repository.js';
import { publishImplementation, startIntake, type IntakeHarness } from './intake.factory.js';

/** The subject (`sub`) of a demo account; an unknown name is a mistake in the test. */
export function demoIdOf(username: string): string {
  const account = demoAccounts.find((a) => a.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  return account.id;
}

/** A clerk scoped to a region below the county, for the points the demo realm has no clerk of (test-only account). */
export const clerkAt = (username: string, name: string, region: string): DemoAccount =>
  ({
    id: randomUUID(),
    username,
    password: 'demo',
    name,
    email: `${username}@service-network.example`,
    roles: [Role.Clerk],
    kind: 'staff',
    department: 'service-center',
    departmentRole: 'officer',
    region,
    description: `${name}（服务网点测试）`,
  }) as DemoAccount;

/** A service point: what a test names, the rest plain (address = name, 工作日, no phone, no items, no clerks). */
export const servicePoint = (
  p: Pick<ServicePoint, 'id' | 'name' | 'kind' | 'regionCode'> & Partial<ServicePoint>,
): ServicePoint => ({
  address: p.name,
  openingHours: '工作日',
  phone: null,
  acceptsAllOfRegion: false,
  items: [],
  clerkIds: [],
  ...p,
});

/** A district's 政务服务中心: the comprehensive window of its region, with the demo clerk. */
export const countyWindow = (regionCode: '330106' | '330102'): ServicePoint =>
  regionCode === '330106'
    ? servicePoint({
        id: 'sp-330106',
        name: '西湖区政务服务中心',
        kind: 'center',
        regionCode,
        address: '西湖区',
        acceptsAllOfRegion: true,
        clerkIds: [demoIdOf('clerk.xihu')],
      })
    : servicePoint({
        id: 'sp-330102',
        name: '上城区政务服务中心',
        kind: 'center',
        regionCode,
        address: '上城区',
        acceptsAllOfRegion: true,
        clerkIds: [demoIdOf('clerk.shangcheng')],
      });

/** An intake service with a service network and published implementations (test-only accounts besides the demo's). */
export async function startServiceNetwork(
  kind: 'pg' | 'pglite',
  network: {
    points: readonly ServicePoint[];
    implementations: readonly Snapshot[];
    accounts?: readonly DemoAccount[];
  },
): Promise<IntakeHarness> {
  const h = await startIntake(kind, undefined, undefined, network.accounts);
  await addServicePoints(h.app.get(IntakeStore).prisma, [...network.points]);
  for (const snapshot of network.implementations) await publishImplementation(h, snapshot);
  return h;
}

/** The public answer to 「where can I handle this item」 for someone of `region` (validated against the contract). */
export async function pointsFor(h: IntakeHarness, implementationCode: string, region: string) {
  const res = await request(h.url).get('/api/intake/service-points').query({ implementationCode, region });
  return {
    status: res.status,
    body: res.body as unknown,
    list: () => strictDeep(ServicePointList).parse(res.body),
  };
}

export interface QueueRow {
  no: string;
  servicePointName?: string | null;
  handoverPending?: boolean;
}

/** The first page (100) of a clerk's queue. */
export async function queueOf(h: IntakeHarness, username: string): Promise<QueueRow[]> {
  return (
    (await h.api.get(username, '/applications', { queue: '1', pageSize: '100' })).body as {
      items: QueueRow[];
    }
  ).items;
}
