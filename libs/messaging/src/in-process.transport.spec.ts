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

describe('in-process transport retention', () => {
  const msg = (topic: string, value: string) => ({ topic, key: 'k', value, headers: {} });

  it('keeps only the last messages every group has committed, and a later group reads from the oldest kept', async () => {
    const t = new InProcessTransport({ partitions: 1, retainMessages: 10 });
    const seen: string[] = [];
    await t.subscribe({ group: 'a', topics: ['tr'], handler: async (m) => void seen.push(m.value) });
    for (let i = 0; i < 100; i++) await t.publish([msg('tr', String(i))]);
    expect(seen).toHaveLength(100);
    const kept = t.read('tr').map((m) => m.value);
    expect(kept.length).toBeGreaterThanOrEqual(10);
    expect(kept.length).toBeLessThanOrEqual(20);
    expect(kept.at(-1)).toBe('99');
    const late: Array<{ value: string; offset: string }> = [];
    await t.subscribe({
      group: 'late',
      topics: ['tr'],
      handler: async (m) => void late.push({ value: m.value, offset: m.offset }),
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(late.map((m) => m.value)).toEqual(kept);
    // Offsets stay those of the whole history.
    expect(late.map((m) => Number(m.offset))).toEqual(kept.map((v) => Number(v)));
    expect(t.backlog()).toBe(0);
    await t.close();
  });

  it('never cuts what a group has not committed, even a closed group that may come back', async () => {
    const t = new InProcessTransport({ partitions: 1, retainMessages: 5 });
    const first: string[] = [];
    const sub = await t.subscribe({
      group: 'b',
      topics: ['tc'],
      handler: async (m) => void first.push(m.value),
    });
    await t.publish([msg('tc', '0'), msg('tc', '1')]);
    await sub.close();
    const other: string[] = [];
    await t.subscribe({ group: 'c', topics: ['tc'], handler: async (m) => void other.push(m.value) });
    for (let i = 2; i < 60; i++) await t.publish([msg('tc', String(i))]);
    expect(other).toHaveLength(60);
    // Group b stopped after '1': everything from '2' on is still there for it.
    expect(t.read('tc')[0]?.value).toBe('2');
    const again: string[] = [];
    await t.subscribe({ group: 'b', topics: ['tc'], handler: async (m) => void again.push(m.value) });
    await new Promise((r) => setTimeout(r, 20));
    expect([...first, ...again]).toEqual(Array.from({ length: 60 }, (_, i) => String(i)));
    expect(t.read('tc').length).toBeLessThanOrEqual(10);
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
