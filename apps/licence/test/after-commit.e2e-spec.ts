import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import { licenceService } from '../src/index.js';
import { LicenceStore } from '../src/licence.store.js';

const kinds = await testDatabaseKinds();

/**
 * Work after a commit (the render worker's wake-up after an issuance): it runs once the transaction has committed —
 * another connection sees its rows — and never after a rollback. Before, the issuance consumer woke the worker with
 * `setTimeout(…, 0)` inside its transaction: on a busy machine the claim ran before the commit, found nothing, and
 * the licence waited for the worker's 30 s safety poll.
 */
describe.each(kinds)('after-commit work on %s', (kind) => {
  let h: ServiceHarness;
  let store: LicenceStore;
  beforeAll(async () => {
    h = await startServiceForTest(licenceService, { db: kind });
    store = h.app.get(LicenceStore);
    await store.raw.$executeRawUnsafe('CREATE TABLE after_commit_probe (n int NOT NULL)');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const count = async () =>
    Number(
      (
        await store.raw.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM after_commit_probe')
      )[0]?.n,
    );

  it('runs once the rows are committed, once per registration, for commands and raw transactions', async () => {
    const seen: Array<Promise<number>> = [];
    let inside = -1;
    await store.messaging.transaction(async (tx) => {
      await tx.$executeRawUnsafe('INSERT INTO after_commit_probe (n) VALUES (1)');
      store.messaging.afterCommit(tx, () => seen.push(count()));
      // Work of this kind that ran now would see the transaction uncommitted (pg: another connection).
      await new Promise((r) => setTimeout(r, 20));
      inside = seen.length;
    });
    expect(inside).toBe(0);
    expect(seen).toHaveLength(1);
    expect(await seen[0]).toBe(1);
    await store.messaging.rawTransaction(async (tx) => {
      await tx.$executeRawUnsafe('INSERT INTO after_commit_probe (n) VALUES (2)');
      store.messaging.afterCommit(tx, () => seen.push(count()));
    });
    expect(seen).toHaveLength(2);
    expect(await seen[1]).toBe(2);
  });

  it('never runs after a rollback', async () => {
    let ran = 0;
    await expect(
      store.messaging.transaction(async (tx) => {
        await tx.$executeRawUnsafe('INSERT INTO after_commit_probe (n) VALUES (3)');
        store.messaging.afterCommit(tx, () => (ran += 1));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toBe(0);
    expect(await count()).toBe(2);
  });
});
