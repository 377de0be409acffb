import {
  REDACTED,
  REDACT_PATHS,
  SENSITIVE_KEYS,
  isSensitiveKey,
  maskSensitiveText,
  redactSensitiveKeys,
} from './redaction.js';

// GB 11643 sample number and a made-up one with an X check character.
const ID_NUMBER = '110105194912310021';
const ID_NUMBER_X = '44030419850613271X';
const MOBILE = '13800138000';
const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEiLCJyZWFsbV9hY2Nlc3MiOnsicm9sZXMiOlsiY2xlcmsiXX19.c2lnbmF0dXJlLWJ5dGVz';

describe('maskSensitiveText', () => {
  it.each([
    ['an 18-digit ID number', `申请人身份证号${ID_NUMBER}已核验`, `申请人身份证号${REDACTED}已核验`],
    ['an ID number ending in X', `id=${ID_NUMBER_X};`, `id=${REDACTED};`],
    ['an ID number ending in lower-case x', `id ${ID_NUMBER_X.toLowerCase()}`, `id ${REDACTED}`],
    ['a mobile number', `联系电话：${MOBILE}`, `联系电话：${REDACTED}`],
    ['a mobile number with +86', `tel +86 ${MOBILE} / +86${MOBILE}`, `tel ${REDACTED} / ${REDACTED}`],
    ['a JWT', `token=${JWT}&x=1`, `token=${REDACTED}&x=1`],
    ['a bearer credential', 'Authorization: Bearer abc.DEF-123_~+/==', `Authorization: Bearer ${REDACTED}`],
    ['an upper-case BEARER credential', 'BEARER opaque-token-value', `BEARER ${REDACTED}`],
    ['a value after a JSON escape', `"line\\n${MOBILE}"`, `"line\\n${REDACTED}"`],
  ])('masks %s', (_kind, input, expected) => {
    expect(maskSensitiveText(input)).toBe(expected);
  });

  it.each([
    ['a trace id', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['a trace id with a phone-like digit run', 'ab13800138000cd0a3ce929d0e0e4736'],
    ['an epoch in milliseconds', '"time":1732233600000'],
    ['a longer digit run', '1380013800012345'],
    ['an invalid birth month in an ID-like number', '110105194913310021'],
    ['an application number', 'SQ-2024-000123'],
    ['a UUID', 'f47ac10b-58cc-4372-a567-0e02b2c3d479'],
  ])('leaves %s alone', (_kind, input) => {
    expect(maskSensitiveText(input)).toBe(input);
  });
});

describe('redactSensitiveKeys', () => {
  it('censors every sensitive key at any depth and keeps the input unchanged', () => {
    const input = {
      applicant: { name: '张三', idNumber: ID_NUMBER, contact: { phone: MOBILE, email: 'z@example.cn' } },
      req: { headers: { Authorization: `Bearer ${JWT}`, 'content-type': 'application/json' } },
      deep: { a: { b: { c: { d: { e: { password: 'hunter2', refresh_token: 'r', keep: 1 } } } } } },
      list: [{ access_token: 'a', token: 't', value: 'ok' }],
    };
    const snapshot = structuredClone(input);
    const out = redactSensitiveKeys(input);
    expect(out).toEqual({
      applicant: { name: '张三', idNumber: REDACTED, contact: { phone: REDACTED, email: 'z@example.cn' } },
      req: { headers: { Authorization: REDACTED, 'content-type': 'application/json' } },
      deep: { a: { b: { c: { d: { e: { password: REDACTED, refresh_token: REDACTED, keep: 1 } } } } } },
      list: [{ access_token: REDACTED, token: REDACTED, value: 'ok' }],
    });
    expect(input).toEqual(snapshot);
  });

  it('masks sensitive values under innocent keys and survives cycles', () => {
    const cyclic: Record<string, unknown> = { note: `call ${MOBILE}` };
    cyclic['self'] = cyclic;
    const out = redactSensitiveKeys(cyclic);
    expect(out['note']).toBe(`call ${REDACTED}`);
  });

  it('matches key spellings case- and separator-insensitively', () => {
    for (const key of [
      'ID_NUMBER',
      'id-number',
      'IdNumber',
      'AUTHORIZATION',
      'Access-Token',
      'mobile',
      'client_secret',
    ]) {
      expect(isSensitiveKey(key)).toBe(true);
    }
    for (const key of ['name', 'tokenType', 'phoneVerified', 'id']) {
      expect(isSensitiveKey(key)).toBe(false);
    }
  });
});

describe('REDACT_PATHS', () => {
  it('covers each sensitive key at the top level and under wildcards', () => {
    for (const key of SENSITIVE_KEYS) {
      expect(REDACT_PATHS).toEqual(expect.arrayContaining([key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]));
    }
  });
});
