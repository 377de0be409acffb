import { findNul, nulInRequest } from './nul-characters.js';

// Over HTTP: tests/security/nul-bytes.e2e-spec.ts (every route of every service). Here: what HTTP cannot carry
// to the hook (Node's parser already refuses a NUL in a header) and the limits of the walk.
describe('NUL characters in a request', () => {
  it('names the first offending value or property name, in document order', () => {
    expect(findNul({ a: 'ok', b: [{ c: 'x' }, { c: 'y\u0000' }], d: '\u0000' }, '')).toBe('b.1.c');
    expect(findNul({ ['k\u0000ey']: 1 }, '')).toBe('k\\u0000ey');
    expect(findNul('top\u0000', '')).toBe('(body)');
    expect(findNul({ a: 1, b: true, c: null, d: ['x'] }, '')).toBeUndefined();
    expect(findNul(Buffer.from([0, 0, 0]), '')).toBeUndefined(); // binary bodies are not text
  });

  it('walks a deeply nested body without recursion', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findNul(deep, '')?.split('.').length).toBe(100_000);
  });

  it('looks at path parameters, query, headers and body, and says where', () => {
    const clean = {
      params: { no: 'A1' },
      query: { q: 'x' },
      headers: { host: 'h' },
      body: { comment: 'fine' },
    };
    expect(nulInRequest(clean)).toBeUndefined();
    expect(nulInRequest({ ...clean, headers: { host: 'h', 'x-request-note': 'a\u0000' } })).toEqual({
      field: 'headers.x-request-note',
      location: 'header',
    });
    expect(nulInRequest({ ...clean, params: { no: 'A\u0000' } })).toEqual({ field: 'no', location: 'path' });
    expect(nulInRequest({ ...clean, query: { q: ['x', 'y\u0000'] } })).toEqual({
      field: 'q.1',
      location: 'query',
    });
  });
});
