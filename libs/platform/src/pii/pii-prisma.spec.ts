import { developmentPiiKeyring, isPiiCiphertext, PiiCipher } from './pii-cipher.js';
import { withPiiEncryption, type PiiSchema } from './pii-prisma.js';

type Op = (p: {
  model?: string;
  operation: string;
  args: Record<string, unknown>;
  query: (a: unknown) => Promise<unknown>;
}) => Promise<unknown>;

/** A stand-in for a Prisma client: `$extends` hands back a client whose calls run the query extension. */
function fakeClient(result: (args: Record<string, unknown>) => unknown) {
  const seen: Array<Record<string, unknown>> = [];
  const client = {
    $extends(ext: { query: { $allModels: { $allOperations: Op } } }) {
      const op = ext.query.$allModels.$allOperations;
      return {
        call: (model: string, operation: string, args: Record<string, unknown>) =>
          op({
            model,
            operation,
            args,
            query: async (a) => {
              // What reaches the database, as it would be stored; the result is a fresh object, like Prisma's.
              const sent = JSON.parse(JSON.stringify(a)) as Record<string, unknown>;
              seen.push(sent);
              return JSON.parse(JSON.stringify(result(sent) ?? null)) as unknown;
            },
          }),
      };
    },
  };
  return { client, seen };
}

const SCHEMA: PiiSchema = {
  Application: {
    key: 'no',
    columns: { idNumber: { kind: 'idNumber', index: 'idNumberBidx' }, phone: { kind: 'phone' } },
    json: { payload: ['applicant.idNumber', 'phone'] },
  },
};
const cipher = new PiiCipher(developmentPiiKeyring());
const ID = '11010519491231002X';

describe('withPiiEncryption', () => {
  it('encrypts columns and JSON paths on write, fills the blind index, and reveals the result', async () => {
    const { client, seen } = fakeClient((a) => a.data);
    const ext = withPiiEncryption(client as never, cipher, SCHEMA) as unknown as {
      call: (m: string, o: string, a: Record<string, unknown>) => Promise<unknown>;
    };
    const input = {
      no: 'A1',
      idNumber: ID,
      phone: null,
      payload: { applicant: { name: '王五', idNumber: ID }, phone: '13912345678', other: 'x' },
    };
    const out = await ext.call('Application', 'create', { data: input });
    const stored = seen[0]?.data as Record<string, unknown> & {
      payload: { applicant: Record<string, string>; phone: string; other: string };
    };
    expect(isPiiCiphertext(stored.idNumber)).toBe(true);
    expect(stored.idNumberBidx).toBe(cipher.blindIndex('idNumber', ID));
    expect(stored.phone).toBeNull();
    expect(isPiiCiphertext(stored.payload.applicant.idNumber)).toBe(true);
    expect(isPiiCiphertext(stored.payload.phone)).toBe(true);
    expect(stored.payload.other).toBe('x');
    expect(JSON.stringify(stored)).not.toContain(ID);
    // The caller's object is not changed, and what comes back is plaintext.
    expect(input.payload.applicant.idNumber).toBe(ID);
    expect(out).toMatchObject({
      idNumber: ID,
      payload: { applicant: { idNumber: ID }, phone: '13912345678' },
    });
  });

  it('turns an equality filter on an encrypted column into a blind index lookup; refuses one without an index', async () => {
    const { client, seen } = fakeClient(() => []);
    const ext = withPiiEncryption(client as never, cipher, SCHEMA) as unknown as {
      call: (m: string, o: string, a: Record<string, unknown>) => Promise<unknown>;
    };
    await ext.call('Application', 'findMany', {
      where: { AND: [{ idNumber: ID.toLowerCase() }], status: 'open' },
    });
    expect(seen[0]?.where).toEqual({
      AND: [{ idNumberBidx: cipher.blindIndex('idNumber', ID) }],
      status: 'open',
    });
    await expect(ext.call('Application', 'findMany', { where: { phone: '13912345678' } })).rejects.toThrow(
      /phone is encrypted and has no blind index/,
    );
  });

  it('leaves other models untouched on write but still reveals ciphertexts they return (included relations)', async () => {
    const stored = cipher.encrypt(ID);
    const { client, seen } = fakeClient(() => [{ no: 'A1', application: { idNumber: stored } }]);
    const ext = withPiiEncryption(client as never, cipher, SCHEMA) as unknown as {
      call: (m: string, o: string, a: Record<string, unknown>) => Promise<unknown>;
    };
    const out = await ext.call('Material', 'findMany', {
      where: { idNumber: ID },
      include: { application: true },
    });
    expect(seen[0]?.where).toEqual({ idNumber: ID });
    expect(out).toEqual([{ no: 'A1', application: { idNumber: ID } }]);
  });
});
