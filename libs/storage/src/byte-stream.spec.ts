import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from '@jest/globals';
import { ByteMeter, Sha256Verifier, splitHead } from './byte-stream.js';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function chunks(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

const data = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251));

describe('splitHead', () => {
  it('reads a head and replays the complete content', async () => {
    const split = await splitHead(Readable.from(chunks(data, 300)), 4100);
    expect(split.head.length).toBeGreaterThanOrEqual(4100);
    expect(split.head.length).toBeLessThan(4100 + 300);
    expect(split.complete).toBe(false);
    expect((await collect(split.body)).equals(data)).toBe(true);
  });

  it('handles sources shorter than the head, async iterables and string chunks', async () => {
    const short = await splitHead(Readable.from([Buffer.from('ab'), Buffer.from('c')]), 4100);
    expect(short.complete).toBe(true);
    expect(short.head.toString()).toBe('abc');
    expect((await collect(short.body)).toString()).toBe('abc');

    async function* gen(): AsyncGenerator<string | Uint8Array> {
      yield 'he';
      yield new Uint8Array([0x6c, 0x6c, 0x6f]);
    }
    const mixed = await splitHead(gen(), 3);
    expect((await collect(mixed.body)).toString()).toBe('hello');
  });

  it('discard() closes a source whose body was never read', async () => {
    let closed = false;
    async function* gen(): AsyncGenerator<Buffer> {
      try {
        for (;;) yield Buffer.alloc(1000);
      } finally {
        closed = true;
      }
    }
    const split = await splitHead(gen(), 2000);
    await split.discard();
    expect(closed).toBe(true);
  });
});

describe('ByteMeter', () => {
  it('counts and hashes what passes', async () => {
    const meter = new ByteMeter(data.length, () => new Error('too large'));
    const out = collect(meter);
    await pipeline(Readable.from(chunks(data, 999)), meter);
    expect((await out).equals(data)).toBe(true);
    expect(meter.bytes).toBe(data.length);
    expect(meter.sha256()).toBe(sha256(data));
    expect(meter.sha256()).toBe(sha256(data));
  });

  it('fails as soon as the limit is crossed, before passing the offending chunk', async () => {
    const meter = new ByteMeter(2500, () => new Error('too large'));
    const passed: Buffer[] = [];
    meter.on('data', (c: Buffer) => passed.push(c));
    await expect(pipeline(Readable.from(chunks(data, 1000)), meter)).rejects.toThrow('too large');
    expect(Buffer.concat(passed).length).toBe(2000);
  });
});

describe('Sha256Verifier', () => {
  it('passes matching content through unchanged', async () => {
    const verifier = new Sha256Verifier(sha256(data), () => new Error('integrity'));
    Readable.from(chunks(data, 700)).pipe(verifier);
    expect((await collect(verifier)).equals(data)).toBe(true);
  });

  it('errors on mismatch and withholds the final chunk', async () => {
    let actualSeen = '';
    const verifier = new Sha256Verifier('0'.repeat(64), (actual) => {
      actualSeen = actual;
      return new Error('integrity');
    });
    Readable.from(chunks(data, 700)).pipe(verifier);
    // A flowing consumer (like an HTTP response) gets every chunk the moment it is pushed.
    const received: Buffer[] = [];
    verifier.on('data', (chunk: Buffer) => received.push(chunk));
    await expect(
      new Promise((resolve, reject) => {
        verifier.on('end', resolve).on('error', reject);
      }),
    ).rejects.toThrow('integrity');
    expect(actualSeen).toBe(sha256(data));
    expect(Buffer.concat(received).length).toBeLessThan(data.length);
  });
});
