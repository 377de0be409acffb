/**
 * Personal data (个人信息) in event payloads, declared once for every contract: the payload fields that hold an ID
 * number (居民身份证号码 / 统一社会信用代码) or a phone number. A field is personal wherever its name appears in a
 * payload, at any depth (`applicant.idNumber`, `holder.phone`, `holderIdNumber`).
 *
 * Producers seal these fields when an event is staged and consumers open them before parsing (the platform's payload
 * codec, `libs/platform/src/pii`), so outbox rows, broker messages and dead letters never hold them in clear.
 * `personal-data.spec.ts` checks every contract schema against this list: a new field whose name looks personal
 * fails the test until it is declared here (or listed there as not personal, with the reason).
 */
export const PERSONAL_DATA_FIELDS = {
  idNumber: 'idNumber',
  holderIdNumber: 'idNumber',
  phone: 'phone',
} as const satisfies Readonly<Record<string, 'idNumber' | 'phone'>>;

export type PersonalDataField = keyof typeof PERSONAL_DATA_FIELDS;

function isPersonalField(name: string): name is PersonalDataField {
  return Object.hasOwn(PERSONAL_DATA_FIELDS, name);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * `payload` with every non-empty string under a personal field name replaced by `fn(value, field)` (objects and arrays
 * at any depth; other values as they are). The input is not modified: an object or array in which something was
 * replaced is copied, one in which nothing was is shared with the input (issue 22: most of an event payload holds no
 * personal data, and a whole copy of it was made for every event sealed and every delivery opened).
 */
export function mapPersonalData(
  payload: unknown,
  fn: (value: string, field: PersonalDataField) => string,
): unknown {
  if (Array.isArray(payload)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < payload.length; i++) {
      const item: unknown = payload[i];
      const mapped = mapPersonalData(item, fn);
      if (out === undefined && mapped !== item) out = payload.slice(0, i);
      out?.push(mapped);
    }
    return out ?? payload;
  }
  if (!isPlainObject(payload)) return payload;
  let out: Record<string, unknown> | undefined;
  const names = Object.keys(payload);
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const value = payload[name];
    const mapped =
      isPersonalField(name) && typeof value === 'string' && value !== ''
        ? fn(value, name)
        : mapPersonalData(value, fn);
    if (out === undefined && mapped !== value) {
      out = {};
      for (let j = 0; j < i; j++) out[names[j] as string] = payload[names[j] as string];
    }
    if (out !== undefined) out[name] = mapped;
  }
  return out ?? payload;
}
