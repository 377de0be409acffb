/**
 * Supply chain (issue 10, item 15). `npm audit` cannot reach its service from these machines, so CI records a
 * CycloneDX SBOM (scripts/sbom.mjs, run by .ci/run) and this lint keeps the lockfile honest:
 * - every package comes from the public npm registry: a `resolved` URL, where npm wrote one, is
 *   https://registry.npmjs.org/… (this lockfile is written with omit-lockfile-registry-resolved, so most entries
 *   carry none and install from the configured registry); no git, file, link-to-outside or plain-http sources;
 * - every package carries a sha512 `integrity`, except optional platform binaries for other systems, which npm
 *   records without downloading them (it checks them against the registry's integrity when it installs them);
 * - package.json asks for registry versions only (no git/file/URL specs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  optional?: boolean;
  name?: string;
}
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const entries = Object.entries(lock.packages).filter(([location]) => location !== '');
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

describe('lockfile lint', () => {
  it('is a lockfile v3 with the whole tree', () => {
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(3);
    expect(entries.length).toBeGreaterThan(500);
  });

  it('every resolved URL is the public npm registry over https', () => {
    const foreign = entries.filter(
      ([, e]) => e.resolved !== undefined && !e.resolved.startsWith('https://registry.npmjs.org/'),
    );
    expect(foreign.map(([l, e]) => `${l}: ${e.resolved}`)).toEqual([]);
  });

  it('no git, file or workspace links: every package is a registry release with an exact version', () => {
    const odd = entries.filter(
      ([l, e]) => e.link === true || !l.includes('node_modules/') || !SEMVER.test(e.version ?? ''),
    );
    expect(odd.map(([l, e]) => `${l}: ${e.version ?? ''}${e.link ? ' (link)' : ''}`)).toEqual([]);
  });

  it('every package has a sha512 integrity (optional platform binaries not downloaded here excepted)', () => {
    const missing = entries.filter(
      ([, e]) => !(e.integrity ?? '').startsWith('sha512-') && e.optional !== true,
    );
    expect(missing.map(([l]) => l)).toEqual([]);
    const weak = entries.filter(([, e]) => e.integrity !== undefined && !e.integrity.startsWith('sha512-'));
    expect(weak.map(([l, e]) => `${l}: ${e.integrity?.slice(0, 8)}`)).toEqual([]);
  });

  it('package.json asks for registry versions only', () => {
    const specs = { ...pkg.dependencies, ...pkg.devDependencies };
    // A version range, or a registry alias pinned to one exact version (`prisma6`: Prisma 6.19's CLI kept for
    // migration SQL, see docs/development.md) — never a URL, a git or file reference, or a tag.
    const registry = /^(?:[~^]?\d+\.\d+\.\d+|npm:(?:@[a-z0-9-]+\/)?[a-z0-9.-]+@\d+\.\d+\.\d+)$/;
    const bad = Object.entries(specs).filter(([, spec]) => !registry.test(spec));
    expect(bad).toEqual([]);
  });
});

describe('SBOM (scripts/sbom.mjs)', () => {
  it('writes a CycloneDX document listing every production dependency at its locked version', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hall-sbom-'));
    try {
      const out = path.join(dir, 'sbom.cdx.json');
      const run = spawnSync(process.execPath, [path.join(root, 'scripts/sbom.mjs'), out], {
        cwd: root,
        encoding: 'utf8',
      });
      expect([run.status, run.stderr]).toEqual([0, '']);
      const bom = JSON.parse(readFileSync(out, 'utf8')) as {
        bomFormat: string;
        specVersion: string;
        components: Array<{ name: string; version: string; purl: string }>;
      };
      expect(bom.bomFormat).toBe('CycloneDX');
      expect(Number(bom.specVersion)).toBeGreaterThanOrEqual(1.4);
      const listed = new Set(bom.components.map((c) => `${c.name}@${c.version}`));
      const missing = Object.keys(pkg.dependencies)
        .map((name) => `${name}@${lock.packages[`node_modules/${name}`]?.version ?? '?'}`)
        .filter((id) => !listed.has(id));
      expect(missing).toEqual([]);
      expect(bom.components.every((c) => c.purl.startsWith('pkg:npm/'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
