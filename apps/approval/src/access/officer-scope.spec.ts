import type { CurrentUser } from '@hall/auth';
import { AppError } from '@hall/platform';
import { officerOf } from './officer-scope.js';

const user = (over: { department?: string; region?: string }): CurrentUser => {
  const scope = { department: 'market-regulation', region: '330100', ...over };
  return {
    id: 'u1',
    username: 'u1',
    name: '王某',
    tokenExp: 2_000_000_000,
    roles: ['approver'],
    ...(scope.department !== undefined && { department: scope.department }),
    ...(scope.region !== undefined && { region: scope.region }),
  };
};

describe('officerOf (approval scope)', () => {
  it('keeps department and a 6-digit region', () => {
    expect(officerOf(user({}))).toMatchObject({ department: 'market-regulation', region: '330100' });
  });

  it('keeps a township (12-digit 统计用区划代码) region: officers of a 乡镇/街道 office', () => {
    expect(officerOf(user({ region: '330106004000' }))).toMatchObject({ region: '330106004000' });
  });

  it.each([
    ['no region', { region: undefined }],
    ['no department', { department: undefined }],
    ['a 4-digit region', { region: '3301' }],
    ['the 12-digit spelling of a county', { region: '330106000000' }],
    ['a 13-digit region', { region: '3301060040001' }],
  ])('refuses a token with %s (403 OFFICER_SCOPE_MISSING)', (_label, over) => {
    let error: unknown;
    try {
      officerOf(user(over));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'OFFICER_SCOPE_MISSING', status: 403 });
  });
});
