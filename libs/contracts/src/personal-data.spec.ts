import type { z } from 'zod';
import type { EventContract } from './event-contract.js';
import * as contracts from './index.js';
import { mapPersonalData, PERSONAL_DATA_FIELDS } from './personal-data.js';

/** Field names that look personal but are not, and why (anything else that looks personal must be declared). */
const NOT_PERSONAL: Readonly<Record<string, string>> = {
  consultPhone: "the implementing body's published service number (咨询电话), not a person's",
  complaintPhone: "the published supervision hotline (监督投诉电话), not a person's",
  issuerUscc: "the issuing department's public credit code",
  uscc: "the issuer's public credit code (CaseDecided.issuer)",
  idType: 'the kind of code (ID_CARD / USCC), not the number',
};
/** Names that may hold an ID number, a phone number or other contact data of a person. */
const LOOKS_PERSONAL =
  /id.?(number|no|card)|phone|mobile|tel(ephone)?$|e.?mail|address|passport|uscc|birth|身份证|电话|手机/i;

interface Field {
  path: string;
  name: string;
  schema: z.ZodType;
}

type Def = { type: string } & Record<string, unknown>;
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** Every object field of a schema (through optional, default, array, union, record, pipe …), with its path. */
function fieldsOf(schema: z.ZodType, path = '', out: Field[] = [], seen = new Set<unknown>()): Field[] {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const def = defOf(schema);
  const inner = (s: unknown, p = path) => fieldsOf(s as z.ZodType, p, out, seen);
  switch (def.type) {
    case 'object':
      for (const [name, child] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const p = path ? `${path}.${name}` : name;
        out.push({ path: p, name, schema: child });
        inner(child, p);
      }
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      inner(def.innerType);
      break;
    case 'array':
      inner(def.element, `${path}[]`);
      break;
    case 'union':
      for (const o of def.options as unknown[]) inner(o);
      break;
    case 'intersection':
      inner(def.left);
      inner(def.right);
      break;
    case 'record':
      inner(def.valueType, `${path}{}`);
      break;
    case 'pipe':
      inner(def.in);
      inner(def.out);
      break;
    case 'tuple':
      for (const o of def.items as unknown[]) inner(o, `${path}[]`);
      break;
    case 'lazy':
      inner((def.getter as () => unknown)());
      break;
    default:
      break;
  }
  return out;
}

/** Every event contract the lib exports (found by shape, so a new contract is checked without being listed here). */
const ALL: EventContract[] = (Object.values(contracts) as unknown[]).filter(
  (v): v is EventContract =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as EventContract).type === 'string' &&
    typeof (v as EventContract).version === 'number' &&
    typeof (v as EventContract).topic === 'string' &&
    typeof (v as EventContract).key === 'function' &&
    typeof (v as EventContract).payload?.safeParse === 'function',
);
const fieldsByContract = ALL.map((c) => ({ contract: c, fields: fieldsOf(c.payload) }));
const declared = new Set(Object.keys(PERSONAL_DATA_FIELDS));
/** A value as the payload codec seals it: the at-rest ciphertext format. */
const SEALED = `pii:k1:${'A'.repeat(52)}`;

describe('personal data in event contracts (PERSONAL_DATA_FIELDS)', () => {
  it('finds every contract of the lib, and EVENT_CONTRACTS lists each of them', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(27);
    expect(new Set(contracts.EVENT_CONTRACTS)).toEqual(new Set(ALL));
    expect(contracts.eventContractOf('licence.issued', 1)).toBe(contracts.LicenceIssued);
    expect(contracts.eventContractOf('licence.issued', 2)).toBeUndefined();
    for (const type of [
      'intake.application.accepted',
      'approval.case.decided',
      'licence.issued',
      'catalog.implementation.published',
    ]) {
      expect(ALL.map((c) => c.type)).toContain(type);
    }
  });

  it('every field that looks personal is declared (or listed as not personal, with the reason)', () => {
    const undeclared = fieldsByContract.flatMap(({ contract, fields }) =>
      fields
        .filter((f) => LOOKS_PERSONAL.test(f.name) && !declared.has(f.name) && !(f.name in NOT_PERSONAL))
        .map((f) => `${contract.type}: ${f.path}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('every declared field occurs in a contract, and only as a string the contract refuses once sealed', () => {
    for (const name of declared) {
      const occurrences = fieldsByContract.flatMap(({ contract, fields }) =>
        fields.filter((f) => f.name === name).map((f) => ({ contract, ...f })),
      );
      expect({ name, found: occurrences.length > 0 }).toEqual({ name, found: true });
      for (const f of occurrences) {
        // A string field (a plaintext number passes) …
        const plain =
          PERSONAL_DATA_FIELDS[name as keyof typeof PERSONAL_DATA_FIELDS] === 'phone'
            ? '13800000001'
            : '330102199003071230';
        expect({ at: `${f.contract.type}: ${f.path}`, plain: f.schema.safeParse(plain).success }).toEqual({
          at: `${f.contract.type}: ${f.path}`,
          plain: true,
        });
        // … whose schema refuses a sealed value: a consumer without the codec dead-letters the message instead of
        // taking a ciphertext for a number.
        expect({ at: `${f.contract.type}: ${f.path}`, sealed: f.schema.safeParse(SEALED).success }).toEqual({
          at: `${f.contract.type}: ${f.path}`,
          sealed: false,
        });
      }
    }
  });

  it('no message key is personal data (contract.key reads no personal field)', () => {
    for (const contract of ALL) {
      const read: string[] = [];
      const probe = new Proxy(
        {},
        {
          get: (_target, prop) => {
            if (typeof prop === 'string') read.push(prop);
            return 'x';
          },
        },
      );
      contract.key(probe);
      expect({ type: contract.type, read: read.length > 0 }).toEqual({ type: contract.type, read: true });
      expect({
        type: contract.type,
        personal: read.filter((p) => declared.has(p) || LOOKS_PERSONAL.test(p)),
      }).toEqual({ type: contract.type, personal: [] });
    }
  });
});

describe('mapPersonalData', () => {
  const payload = {
    applicationNo: '330102202603010000011',
    applicant: { kind: 'person', name: '张三', idNumber: '330102199003071230', phone: '13800000001' },
    holderIdNumber: '330102199003071230',
    contacts: [{ phone: '13912345678' }, { phone: '' }],
    formData: { shopName: '张三小馆', n: 3, nested: { idNumber: 5 } },
    occurredAt: '2026-03-01T00:00:00.000Z',
  };

  it('maps every non-empty string under a declared name, at any depth, and nothing else', () => {
    const seen: string[] = [];
    const out = mapPersonalData(payload, (v, field) => (seen.push(`${field}=${v}`), `<${v}>`));
    expect(out).toEqual({
      ...payload,
      applicant: { ...payload.applicant, idNumber: '<330102199003071230>', phone: '<13800000001>' },
      holderIdNumber: '<330102199003071230>',
      contacts: [{ phone: '<13912345678>' }, { phone: '' }],
    });
    expect(seen.sort()).toEqual([
      'holderIdNumber=330102199003071230',
      'idNumber=330102199003071230',
      'phone=13800000001',
      'phone=13912345678',
    ]);
  });

  it('leaves its input unchanged', () => {
    const copy = structuredClone(payload);
    mapPersonalData(payload, () => 'x');
    expect(payload).toEqual(copy);
  });

  it('copies only what holds a replaced value; the rest is shared with the input, in the same key order', () => {
    const out = mapPersonalData(payload, (v) => `<${v}>`) as typeof payload;
    expect(out).not.toBe(payload);
    expect(out.applicant).not.toBe(payload.applicant);
    expect(out.contacts).not.toBe(payload.contacts);
    expect(out.contacts[1]).toBe(payload.contacts[1]);
    expect(out.formData).toBe(payload.formData);
    expect(Object.keys(out)).toEqual(Object.keys(payload));
    expect(Object.keys(out.applicant)).toEqual(Object.keys(payload.applicant));
    // Nothing replaced (no personal field, or `fn` gives the value back): the input itself.
    const plain = { applicationNo: 'x', items: [{ a: 1 }], formData: { nested: { idNumber: 5 } } };
    expect(mapPersonalData(plain, () => 'y')).toBe(plain);
    expect(mapPersonalData(payload, (v) => v)).toBe(payload);
    expect(JSON.stringify(mapPersonalData(payload, (v) => `<${v}>`))).toBe(
      JSON.stringify(structuredClone(out)),
    );
  });
});
