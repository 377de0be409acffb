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

  it.each([
    ['no region', { region: undefined }],
    ['no department', { department: undefined }],
    ['a 4-digit region', { region: '3301' }],
    ['a 12-digit region', { region: '330106001000' }],
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
