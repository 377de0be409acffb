import { demoAccounts } from './demo-accounts.data.js';
import { isValidResidentIdNumber, isValidUscc } from './identity/check-digits.js';
import { DEPARTMENT_NAMES, REGION_NAMES } from './identity/org-units.js';
import { ALL_ROLES, Role } from './roles.js';

describe('demo accounts', () => {
  it('have unique ids and usernames (lower case, as Keycloak stores them)', () => {
    expect(new Set(demoAccounts.map((a) => a.id)).size).toBe(demoAccounts.length);
    expect(new Set(demoAccounts.map((a) => a.username)).size).toBe(demoAccounts.length);
    for (const a of demoAccounts) {
      expect(a.username).toBe(a.username.toLowerCase());
      expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('cover every role', () => {
    for (const role of ALL_ROLES) expect(demoAccounts.some((a) => a.roles.includes(role))).toBe(true);
  });

  it('include two persons with valid ID numbers and phones, and a business with a valid USCC', () => {
    const persons = demoAccounts.filter((a) => a.kind === 'person');
    expect(persons.length).toBeGreaterThanOrEqual(2);
    for (const p of persons) {
      expect(p.roles).toEqual([Role.Applicant]);
      expect(isValidResidentIdNumber(p.idNumber ?? '')).toBe(true);
      expect(p.phone).toMatch(/^1\d{10}$/);
    }
    const businesses = demoAccounts.filter((a) => a.kind === 'business');
    expect(businesses.length).toBeGreaterThanOrEqual(1);
    for (const b of businesses) expect(isValidUscc(b.uscc ?? '')).toBe(true);
  });

  it('include clerks in 330102 and 330106, a township window clerk in 330106109000 and a village 代办点 clerk in 330106109201, approvers in four departments (lead and co-departments of the restaurant bundle) with a head, a supervisor, a catalog admin, an admin', () => {
    const clerks = demoAccounts.filter((a) => a.roles.includes(Role.Clerk));
    expect(new Set(clerks.map((c) => c.region))).toEqual(
      new Set(['330102', '330106', '330106109000', '330106109201']),
    );
    const approvers = demoAccounts.filter((a) => a.roles.includes(Role.Approver));
    expect(new Set(approvers.map((a) => a.department))).toEqual(
      new Set(['market-regulation', 'health-commission', 'fire-rescue', 'urban-management']),
    );
    expect(approvers.some((a) => a.departmentRole === 'head')).toBe(true);
    for (const a of demoAccounts.filter((x) => x.kind === 'staff')) {
      expect(a.department !== undefined && a.department in DEPARTMENT_NAMES).toBe(true);
      expect(a.region in REGION_NAMES).toBe(true);
    }
  });
});
