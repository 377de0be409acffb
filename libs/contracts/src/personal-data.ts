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
 * A copy of `payload` with every non-empty string under a personal field name replaced by `fn(value, field)`
 * (objects and arrays at any depth; other values as they are). The input is not modified.
 */
export function mapPersonalData(
  payload: unknown,
  fn: (value: string, field: PersonalDataField) => string,
): unknown {
  if (Array.isArray(payload)) return payload.map((item) => mapPersonalData(item, fn));
  if (!isPlainObject(payload)) return payload;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(payload)) {
    const value = payload[name];
    out[name] =
      isPersonalField(name) && typeof value === 'string' && value !== ''
        ? fn(value, name)
        : mapPersonalData(value, fn);
  }
  return out;
}
