import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';

/** Anything upload() accepts as a body stream: a Node Readable or any async iterable of bytes. */
export type ByteSource = Readable | AsyncIterable<Uint8Array | string>;

export interface HeadSplit {
  /** The first bytes of the source (at least `bytes` of them unless the source is shorter). */
  readonly head: Buffer;
  /** The complete content again: `head` followed by the rest of the source, streamed. */
  readonly body: Readable;
  /** Whether the source already ended while the head was read (so `head` is the whole content). */
  readonly complete: boolean;
  /** Destroys `body` and the source; safe to call at any time, also after the body was consumed. */
  discard(): Promise<void>;
}

/**
 * Reads just enough of `source` to sniff its type, without losing anything: `body` replays the head and
 * then continues with the rest of the source. Only the head (about `bytes`, plus at most one chunk) is
 * held in memory.
 */
export async function splitHead(source: ByteSource, bytes: number): Promise<HeadSplit> {
  const iterator: AsyncIterator<unknown> = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let complete = false;
  try {
    while (length < bytes) {
      const next = await iterator.next();
      if (next.done === true) {
        complete = true;
        break;
      }
      const chunk = toBuffer(next.value);
      chunks.push(chunk);
      length += chunk.length;
    }
  } catch (err) {
    await closeIterator(iterator);
    throw err;
  }
  const head = Buffer.concat(chunks, length);

  async function* replay(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      if (complete) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield toBuffer(next.value);
      }
    } finally {
      await closeIterator(iterator);
    }
  }
  const body = Readable.from(replay(), { objectMode: false });
  return {
    head,
    body,
    complete,
    async discard() {
      body.destroy();
      await closeIterator(iterator);
    },
  };
}

/**
 * Pass-through that counts and SHA-256-hashes the bytes flowing through it, and fails with
 * `limitError()` as soon as more than `maxBytes` have arrived (before passing the offending chunk on).
 */
export class ByteMeter extends Transform {
  #bytes = 0;
  #hash = createHash('sha256');
  #digest: string | undefined;

  constructor(
    readonly maxBytes: number,
    private readonly limitError: () => Error,
  ) {
    super();
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Hex SHA-256 of everything that passed; call only after the stream has finished. */
  sha256(): string {
    this.#digest ??= this.#hash.digest('hex');
    return this.#digest;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const total = this.#bytes + chunk.length;
    if (total > this.maxBytes) {
      callback(this.limitError());
      return;
    }
    this.#bytes = total;
    this.#hash.update(chunk);
    callback(null, chunk);
  }
}

/**
 * Pass-through that checks the SHA-256 of the whole content against `expectedSha256` at the end. It holds
 * back the most recent chunk until the check passes, so a consumer of corrupted content never receives
 * the complete bytes: it gets `integrityError()` instead of the final chunk and `end`.
 */
export class Sha256Verifier extends Transform {
  #hash = createHash('sha256');
  #pending: Buffer | undefined;

  constructor(
    private readonly expectedSha256: string,
    private readonly integrityError: (actual: string) => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash.update(chunk);
    const previous = this.#pending;
    this.#pending = chunk;
    callback(null, previous);
  }

  override _flush(callback: TransformCallback): void {
    const actual = this.#hash.digest('hex');
    if (actual !== this.expectedSha256.toLowerCase()) {
      this.#pending = undefined;
      callback(this.integrityError(actual));
      return;
    }
    if (this.#pending !== undefined) this.push(this.#pending);
    this.#pending = undefined;
    callback();
  }
}

function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  throw new TypeError('upload stream must yield Buffer, Uint8Array or string chunks');
}

async function closeIterator(iterator: AsyncIterator<unknown>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // The source is being abandoned; its own error (if any) is not ours to report.
  }
}
