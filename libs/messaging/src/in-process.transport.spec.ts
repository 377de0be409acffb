import { InProcessTransport } from './in-process.transport.js';
import { describeTransportConformance } from './transport.conformance.js';

describeTransportConformance(
  'in-process',
  async () => new InProcessTransport({ partitions: 4, redeliveryDelayMs: 5 }),
);

describe('in-process transport durability rule', () => {
  it('resolves publish only after every subscribed group committed the message', async () => {
    const t = new InProcessTransport();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let handled = false;
    await t.subscribe({
      group: 'slow',
      topics: ['t'],
      handler: async () => {
        await gate;
        handled = true;
      },
    });
    let published = false;
    const p = t.publish([{ topic: 't', key: 'k', value: 'v', headers: {} }]).then(() => (published = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(published).toBe(false);
    release();
    await p;
    expect(handled).toBe(true);
    await t.close();
  });

  it('lets a group that subscribes later read from the beginning', async () => {
    const t = new InProcessTransport();
    await t.publish([{ topic: 't2', key: 'k', value: 'early', headers: {} }]);
    const got: string[] = [];
    await t.subscribe({ group: 'late', topics: ['t2'], handler: async (m) => void got.push(m.value) });
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual(['early']);
    await t.close();
  });
});

describe('in-process transport batches', () => {
  it('hands the messages waiting in a partition to a batch handler together, in order, and redelivers a failed batch whole', async () => {
    const t = new InProcessTransport({ partitions: 1, redeliveryDelayMs: 1, maxBatch: 3 });
    const calls: Array<{ values: string[]; attempts: number[] }> = [];
    let failOnce = true;
    await t.subscribe({
      group: 'batched',
      topics: ['tb'],
      handler: async (m) => void calls.push({ values: [m.value], attempts: [m.deliveryAttempt] }),
      batchHandler: async (ms) => {
        calls.push({ values: ms.map((m) => m.value), attempts: ms.map((m) => m.deliveryAttempt) });
        if (failOnce) {
          failOnce = false;
          throw new Error('transient');
        }
      },
    });
    await t.publish(['0', '1', '2', '3'].map((value) => ({ topic: 'tb', key: 'k', value, headers: {} })));
    expect(calls).toEqual([
      { values: ['0', '1', '2'], attempts: [1, 1, 1] },
      { values: ['0', '1', '2'], attempts: [2, 2, 2] },
      { values: ['3'], attempts: [1] },
    ]);
    expect(t.backlog()).toBe(0);
    await t.close();
  });
});
