import { ConfigError, parseConfig, ServiceEnvSchema, ServiceWithStorageEnvSchema } from './config.js';

const base = { DB: 'pglite', TRANSPORT: 'inprocess', AUTH_SERVER_URL: 'http://localhost:3000' };

function issuesOf(fn: () => unknown): Array<{ variable: string; message: string }> {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('service configuration', () => {
  it('accepts a minimal embedded-style configuration and applies defaults', () => {
    const env = parseConfig(ServiceEnvSchema, base);
    expect(env).toMatchObject({
      DB: 'pglite',
      TRANSPORT: 'inprocess',
      PORT: 3000,
      AUTH_REALM: 'hall',
      AUTH_CLIENT_ID: 'hall-api',
    });
  });

  it('names every missing or bad variable', () => {
    const issues = issuesOf(() => parseConfig(ServiceEnvSchema, { DB: 'mysql', PORT: 'x' }));
    const names = issues.map((i) => i.variable).sort();
    expect(names).toEqual(expect.arrayContaining(['AUTH_SERVER_URL', 'DB', 'PORT', 'TRANSPORT']));
    expect(issues.find((i) => i.variable === 'DB')?.message).toContain('pg');
  });

  it('requires the variables of the chosen adapters only', () => {
    expect(
      issuesOf(() => parseConfig(ServiceEnvSchema, { ...base, DB: 'pg' })).map((i) => i.variable),
    ).toEqual(['DATABASE_URL']);
    expect(
      issuesOf(() => parseConfig(ServiceEnvSchema, { ...base, TRANSPORT: 'kafka' })).map((i) => i.variable),
    ).toEqual(['KAFKA_BROKERS']);
    expect(
      parseConfig(ServiceEnvSchema, { ...base, DB: 'pg', DATABASE_URL: 'postgresql://u@h:5432/catalog' })
        .DATABASE_URL,
    ).toBe('postgresql://u@h:5432/catalog');
    expect(
      issuesOf(() => parseConfig(ServiceEnvSchema, { ...base, DB: 'pg', DATABASE_URL: 'mysql://h/db' })).map(
        (i) => i.variable,
      ),
    ).toEqual(['DATABASE_URL']);
  });

  it('requires object storage for services that keep documents', () => {
    const names = issuesOf(() => parseConfig(ServiceWithStorageEnvSchema, base))
      .map((i) => i.variable)
      .sort();
    expect(names).toEqual(['S3_ACCESS_KEY', 'S3_ENDPOINT', 'S3_SECRET_KEY']);
  });
});
