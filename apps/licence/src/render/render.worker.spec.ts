import type { ObjectStorage } from '@hall/storage';
import type { LicenceStore } from '../licence.store.js';
import type { SigningKeysService } from '../signing/signing-keys.service.js';
import type { LicencePdfRenderer } from './licence-pdf-pool.js';
import { RenderWorker } from './render.worker.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RenderWorker claims', () => {
  it('claims when nudged, not on every timer tick (a claim that finds nothing is a commit)', async () => {
    const claims: string[] = [];
    const store = {
      raw: {
        $queryRawUnsafe: async (sql: string) => {
          if (/WITH claimed AS/.test(sql)) claims.push(sql);
          return [];
        },
        $executeRawUnsafe: async () => 0,
      },
      reveal: (v: unknown) => v,
    } as unknown as LicenceStore;
    const worker = new RenderWorker(
      store,
      {} as ObjectStorage,
      'https://verify.example',
      { log: () => undefined, warn: () => undefined, error: () => undefined },
      {} as SigningKeysService,
      { now: () => new Date() },
      {} as LicencePdfRenderer,
    );
    worker.start(5); // a tick every 5 ms
    await sleep(20);
    expect(claims).toHaveLength(1); // the start's nudge; ticks since found no reason to claim
    await sleep(60);
    expect(claims).toHaveLength(1);
    worker.nudge();
    await sleep(20);
    expect(claims).toHaveLength(2);
    await worker.stop();
  });
});
