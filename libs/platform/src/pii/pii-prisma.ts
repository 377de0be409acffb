import { isPiiCiphertext, PII_CIPHERTEXT_PREFIX, type PiiCipher, type PiiKind } from './pii-cipher.js';

/** A string column holding personal data, encrypted at rest; `index` names its blind index column, if it has one. */
export interface PiiColumn {
  readonly kind: PiiKind;
  readonly index?: string;
}

/** The personal data of one Prisma model: string columns, and string values inside JSON columns. */
export interface PiiModel {
  /** The model's unique key field (backfill updates row by row). */
  readonly key: string;
  readonly columns?: Readonly<Record<string, PiiColumn>>;
  /** JSON column → paths of the values to encrypt, dotted for nested objects (`applicant.idNumber`). */
  readonly json?: Readonly<Record<string, readonly string[]>>;
}

/** The string at a dotted path of a JSON value, with a setter for it (undefined when absent or not a string). */
function jsonSlot(
  root: Record<string, unknown>,
  path: string,
): { value: string; set(v: string): void } | undefined {
  const parts = path.split('.');
  let node: unknown = root;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node)) return undefined;
    node = node[part];
  }
  const last = parts.at(-1) ?? '';
  if (!isPlainObject(node) || typeof node[last] !== 'string' || node[last] === '') return undefined;
  const parent = node;
  return { value: node[last], set: (v) => (parent[last] = v) };
}

/** Model name as in schema.prisma (`Application`) → what of it is personal data. */
export type PiiSchema = Readonly<Record<string, PiiModel>>;

const WRITES = new Set([
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'upsert',
]);

/** A plain object of any realm (`Object.prototype` of this one, of a VM context, or none): not Date, Decimal, Buffer. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function encryptData(cipher: PiiCipher, spec: PiiModel, data: unknown): unknown {
  if (Array.isArray(data)) return data.map((d) => encryptData(cipher, spec, d));
  if (!isPlainObject(data)) return data;
  const out: Record<string, unknown> = { ...data };
  for (const [field, col] of Object.entries(spec.columns ?? {})) {
    if (!(field in out)) continue;
    let value = out[field];
    if (isPlainObject(value) && 'set' in value) value = value.set;
    if (typeof value === 'string') {
      const plain = cipher.reveal(value);
      out[field] = cipher.encrypt(plain);
      if (col.index) out[col.index] = cipher.blindIndex(col.kind, plain);
    } else if (value === null) {
      out[field] = null;
      if (col.index) out[col.index] = null;
    }
  }
  for (const [field, keys] of Object.entries(spec.json ?? {})) {
    const value = out[field];
    if (!isPlainObject(value)) continue;
    const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
    for (const path of keys) {
      const slot = jsonSlot(copy, path);
      if (slot) slot.set(cipher.encrypt(slot.value));
    }
    out[field] = copy;
  }
  return out;
}

/**
 * A row (or rows) of `model` with its personal data encrypted as the client's extension would write it (columns,
 * blind indexes, JSON paths): for rows written by raw SQL.
 */
export function sealPii(cipher: PiiCipher, schema: PiiSchema, model: string, data: unknown): unknown {
  const spec = schema[model];
  return spec ? encryptData(cipher, spec, data) : data;
}

/** `where: { applicantIdNumber: 'x' }` (or `{ equals: 'x' }`) becomes a lookup by the blind index column. */
function rewriteWhere(cipher: PiiCipher, spec: PiiModel, where: unknown): unknown {
  if (!isPlainObject(where)) return where;
  const out: Record<string, unknown> = { ...where };
  for (const [field, col] of Object.entries(spec.columns ?? {})) {
    if (!(field in out)) continue;
    const cond = out[field];
    const value =
      typeof cond === 'string'
        ? cond
        : isPlainObject(cond) && typeof cond.equals === 'string' && Object.keys(cond).length === 1
          ? cond.equals
          : undefined;
    if (value === undefined) continue;
    if (!col.index) throw new Error(`${field} is encrypted and has no blind index: it cannot be searched`);
    delete out[field];
    out[col.index] = cipher.blindIndex(col.kind, value);
  }
  for (const op of ['AND', 'OR', 'NOT']) {
    const v = out[op];
    if (Array.isArray(v)) out[op] = v.map((w) => rewriteWhere(cipher, spec, w));
    else if (isPlainObject(v)) out[op] = rewriteWhere(cipher, spec, v);
  }
  return out;
}

/** Replaces every ciphertext in a query result (any depth: included relations, JSON columns) by its plaintext. */
export function revealPii(cipher: PiiCipher, value: unknown): unknown {
  if (typeof value === 'string') return isPiiCiphertext(value) ? cipher.decrypt(value) : value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revealPii(cipher, value[i]);
    return value;
  }
  if (isPlainObject(value)) {
    // Keys, not entries: no pair allocated per field of every row a client reads (issue 22: allocations per case).
    for (const k of Object.keys(value)) {
      const v = value[k];
      if (typeof v === 'string' ? isPiiCiphertext(v) : Array.isArray(v) || isPlainObject(v))
        value[k] = revealPii(cipher, v);
    }
  }
  return value;
}

interface QueryParams {
  model?: string;
  operation: string;
  args: Record<string, unknown> | undefined;
  query: (args: unknown) => Promise<unknown>;
}

interface Extendable {
  $extends(extension: unknown): unknown;
}

/**
 * Extends a service's Prisma client so personal data is encrypted on the way in and decrypted on the way out:
 * business code reads and writes plaintext, the database holds only ciphertexts and blind indexes. Equality
 * filters on an encrypted column use its blind index. Covers top-level operations of the listed models (not
 * nested writes through a relation, not raw SQL); every result is revealed, whatever model it came from.
 * The returned client has the same API (a query extension changes no types).
 */
export function withPiiEncryption<T extends Extendable>(client: T, cipher: PiiCipher, schema: PiiSchema): T {
  return client.$extends({
    name: 'pii-encryption',
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }: QueryParams) {
          const spec = model ? schema[model] : undefined;
          let next = args;
          if (spec && next) {
            next = { ...next };
            if ('where' in next) next.where = rewriteWhere(cipher, spec, next.where);
            if (WRITES.has(operation)) {
              if ('data' in next) next.data = encryptData(cipher, spec, next.data);
              if ('create' in next) next.create = encryptData(cipher, spec, next.create);
              if ('update' in next) next.update = encryptData(cipher, spec, next.update);
            }
          }
          return revealPii(cipher, await query(next));
        },
      },
    },
  }) as T;
}

type Delegate = {
  findMany(args: unknown): Promise<Array<Record<string, unknown>>>;
  update(args: unknown): Promise<unknown>;
};

/** Whether a stored row still holds a listed value in clear. */
function holdsPlaintext(spec: PiiModel, row: Record<string, unknown>): boolean {
  if (Object.keys(spec.columns ?? {}).some((f) => typeof row[f] === 'string' && !isPiiCiphertext(row[f])))
    return true;
  return Object.entries(spec.json ?? {}).some(([f, keys]) => {
    const value = row[f];
    return (
      isPlainObject(value) &&
      keys.some((path) => {
        const slot = jsonSlot(value, path);
        return slot !== undefined && !isPiiCiphertext(slot.value);
      })
    );
  });
}

/**
 * Encrypts rows written before encryption (plaintext: no `pii:` key-id prefix), in batches in key order; idempotent,
 * so it runs at every start. `base` is the client without the extension (it reads the stored values), `encrypted` the
 * extended one (its update encrypts and fills the blind index). Returns the number of rows rewritten.
 */
export async function backfillPii(
  base: object,
  encrypted: object,
  schema: PiiSchema,
  batchSize = 200,
): Promise<number> {
  let total = 0;
  for (const [model, spec] of Object.entries(schema)) {
    const name = model.charAt(0).toLowerCase() + model.slice(1);
    const read = (base as Record<string, Delegate>)[name];
    const write = (encrypted as Record<string, Delegate>)[name];
    if (!read || !write) throw new Error(`backfillPii: no Prisma model ${model}`);
    // The database narrows the candidates; holdsPlaintext decides (SQL NULL semantics differ per filter).
    const candidates = [
      ...Object.keys(spec.columns ?? {}).map((f) => ({
        NOT: { [f]: { startsWith: PII_CIPHERTEXT_PREFIX } },
      })),
      ...Object.entries(spec.json ?? {}).flatMap(([f, keys]) =>
        keys.map((k) => ({
          NOT: { [f]: { path: k.split('.'), string_starts_with: PII_CIPHERTEXT_PREFIX } },
        })),
      ),
    ];
    const select = Object.fromEntries(
      [spec.key, ...Object.keys(spec.columns ?? {}), ...Object.keys(spec.json ?? {})].map((f) => [f, true]),
    );
    let after: unknown;
    for (;;) {
      const rows = await read.findMany({
        where:
          after === undefined
            ? { OR: candidates }
            : { AND: [{ OR: candidates }, { [spec.key]: { gt: after } }] },
        select,
        orderBy: { [spec.key]: 'asc' },
        take: batchSize,
      });
      for (const row of rows) {
        if (!holdsPlaintext(spec, row)) continue;
        const { [spec.key]: key, ...data } = row;
        await write.update({ where: { [spec.key]: key }, data });
        total += 1;
      }
      if (rows.length < batchSize) break;
      after = rows.at(-1)?.[spec.key];
    }
  }
  return total;
}
