import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { MESSAGING_PRISMA_MODELS } from './schema.js';

const appsDir = path.resolve(new URL('.', import.meta.url).pathname, '../../../apps');
const services = readdirSync(appsDir).filter((a) =>
  existsSync(path.join(appsDir, a, 'prisma/schema.prisma')),
);

describe('messaging tables in every service schema', () => {
  it('finds the six services', () => {
    expect(services.sort()).toEqual([
      'approval',
      'catalog',
      'disclosure',
      'intake',
      'licence',
      'supervision',
    ]);
  });

  it.each(services)('%s declares the outbox and inbox models verbatim', (service) => {
    const schema = readFileSync(path.join(appsDir, service, 'prisma/schema.prisma'), 'utf8');
    expect(schema).toContain(MESSAGING_PRISMA_MODELS);
  });

  it.each(services)('%s has no schema change without a migration (snapshot = working schema)', (service) => {
    const dir = path.join(appsDir, service, 'prisma');
    const snapshot = readFileSync(path.join(dir, 'migrations/schema.snapshot.prisma'), 'utf8');
    expect(readFileSync(path.join(dir, 'schema.prisma'), 'utf8')).toBe(snapshot);
  });
});
