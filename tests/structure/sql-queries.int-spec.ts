// Raw SQL snapshots (scripts/sql-queries.mjs): each repository's raw statements are committed as
// apps/<service>/src/queries/*.sql. This suite fails when a snapshot no longer matches the code, and prepares every
// statement that has no spliced text against the service's own migrated schema, so a renamed table or column, a
// wrong type or a syntax error fails here rather than at run time. Statements with spliced text (`${where}`) are
// shown in the snapshot for review and checked by the service's own tests.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createTestDatabase, isPostgresAvailable, type TestDatabase } from '@hall/persistence';

interface Statement {
  owner: string;
  kind: string;
  sql: string;
  checkable: boolean;
}
interface SqlQueries {
  snapshots(): Map<string, string>;
  staleSnapshots(expected?: Map<string, string>): string[];
  statementsOf(file: string): Statement[];
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tool = (await import(pathToFileURL(path.join(root, 'scripts/sql-queries.mjs')).href)) as SqlQueries;
const expected = tool.snapshots();
const kind = (await isPostgresAvailable()) ? 'pg' : 'pglite';

/** Repository file → its service, from the snapshot header. */
function repositoriesByService(): Map<string, string[]> {
  const byService = new Map<string, string[]>();
  for (const [file, content] of expected) {
    const service = path.relative(path.join(root, 'apps'), file).split(path.sep)[0] ?? '';
    const source = /from (\S+):/.exec(content)?.[1] ?? '';
    byService.set(service, [...(byService.get(service) ?? []), path.join(root, 'apps', service, source)]);
  }
  return byService;
}

describe('raw SQL snapshots', () => {
  it('match the repositories (node scripts/sql-queries.mjs --write)', () => {
    expect(expected.size).toBeGreaterThan(0);
    expect(tool.staleSnapshots(expected)).toEqual([]);
  });

  describe.each([...repositoriesByService()])(
    `%s statements prepare against its schema (${kind})`,
    (service, files) => {
      let t: TestDatabase;
      beforeAll(async () => {
        t = await createTestDatabase(kind, {
          label: `sql_${service}`,
          migrationsDir: path.join(root, 'apps', service, 'prisma/migrations'),
        });
      }, 120_000);
      afterAll(async () => {
        await t?.dispose();
      });

      const statements = files.flatMap((file) =>
        tool
          .statementsOf(file)
          .filter((s) => s.checkable)
          .map((s) => ({ ...s, file: path.basename(file) })),
      );
      it.each(statements.map((s) => [`${s.file} ${s.owner}`, s] as const))('%s', async (_name, s) => {
        await t.db.sql.query(`PREPARE hall_sql_check AS ${s.sql}`);
        await t.db.sql.query('DEALLOCATE hall_sql_check');
      });
    },
  );
});
