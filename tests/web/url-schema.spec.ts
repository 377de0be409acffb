// The web's URL parameters (apps/web/src/components/url-schema.ts): parsed field by field, a bad value falls back.
import * as z from 'zod/mini';
import { pageParam, parseRouteParams, parseSearchParams } from '../../apps/web/src/components/url-schema.js';

const Query = z.object({
  level: z.optional(z.enum(['yellow', 'red'])),
  q: z.optional(z.string()),
  page: pageParam,
});

describe('parseSearchParams', () => {
  it('reads valid values', () => {
    expect(parseSearchParams(Query, new URLSearchParams('level=red&q=营业执照&page=3'))).toEqual({
      level: 'red',
      q: '营业执照',
      page: 3,
    });
  });

  it('missing values take the default or undefined', () => {
    expect(parseSearchParams(Query, new URLSearchParams(''))).toEqual({
      level: undefined,
      q: undefined,
      page: 1,
    });
  });

  it.each(['level=purple&page=abc', 'level=&page=0', 'page=-2', 'page=1.5', 'page=Infinity'])(
    'a bad value (%s) falls back field by field, the others kept',
    (search) => {
      const parsed = parseSearchParams(Query, new URLSearchParams(`${search}&q=x`));
      expect(parsed).toEqual({ level: undefined, q: 'x', page: 1 });
    },
  );

  it('an empty value counts as missing', () => {
    expect(parseSearchParams(Query, new URLSearchParams('q=')).q).toBeUndefined();
  });
});

describe('parseRouteParams', () => {
  const Route = z.object({ code: z._default(z.string().check(z.regex(/^[\w-]+$/)), 'new') });

  it('reads the param, a missing or invalid one takes the default', () => {
    expect(parseRouteParams(Route, { code: 'MA-001' })).toEqual({ code: 'MA-001' });
    expect(parseRouteParams(Route, {})).toEqual({ code: 'new' });
    expect(parseRouteParams(Route, { code: '../x' })).toEqual({ code: 'new' });
  });
});
