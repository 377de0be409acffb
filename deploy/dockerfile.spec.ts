import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagedCjkFont } from '@hall/pdf';
import { HALL_SERVICES } from './compose.contract.js';

// The production image, checked statically (no Docker engine on the development and CI machines): the runtime
// stage runs the compiled dist/ with plain node — no TypeScript loader — as a non-root user with a healthcheck,
// on production dependencies only. tests/production/dist-entrypoint.e2e-spec.ts starts the dist/ entrypoints.

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

/** Dockerfile → stages with their instructions (comments dropped, `\` continuations joined). */
function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const m = /^([A-Z]+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`cannot parse Dockerfile line: ${line}`);
    const op = m[1] ?? '';
    const rest = m[2] ?? '';
    if (op === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      const raw = from?.[1] ?? '';
      const base = raw.replace(/^\$\{?([A-Z_]+)\}?$/, (_x, arg: string) => args[arg] ?? `$${arg}`);
      stages.push({ name: from?.[2] ?? String(stages.length), base, instructions: [] });
    } else if (op === 'ARG' && stages.length === 0) {
      const arg = /^([A-Z_]+)=(\S+)$/.exec(rest);
      if (arg) args[arg[1] ?? ''] = arg[2] ?? '';
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${op} before the first FROM`);
      stage.instructions.push({ op, args: rest });
    }
  }
  return { args, stages };
}

const { stages } = parseDockerfile(read('Dockerfile'));
const stage = (name: string): Stage => {
  const found = stages.find((s) => s.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
};
const runtime = stage('runtime');
const all = (s: Stage, op: string): string[] => s.instructions.filter((i) => i.op === op).map((i) => i.args);
const last = (s: Stage, op: string): string | undefined => all(s, op).at(-1);

/** `name:tag` with a real tag (not latest), or a digest. */
const isPinned = (image: string): boolean =>
  /@sha256:[0-9a-f]{64}$/.test(image) ||
  (/:[\w][\w.-]*$/.test(image.split('/').pop() ?? '') && !image.endsWith(':latest'));

/** Does `version` satisfy an engines range made of `^x.y.z` and `>=x.y.z` clauses joined by `||`? */
function satisfies(version: string, range: string): boolean {
  const parse = (v: string): number[] => v.split('.').map(Number);
  const cmp = (a: number[], b: number[]): number => {
    for (let i = 0; i < 3; i += 1) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  const v = parse(version);
  return range.split('||').some((clause) => {
    const c = clause.trim();
    const caret = /^\^(\d+\.\d+\.\d+)$/.exec(c);
    if (caret) {
      const min = parse(caret[1] ?? '');
      return cmp(v, min) >= 0 && v[0] === min[0];
    }
    const gte = /^>=(\d+\.\d+\.\d+)$/.exec(c);
    if (gte) return cmp(v, parse(gte[1] ?? '')) >= 0;
    throw new Error(`engines clause not understood: ${c}`);
  });
}

describe('Dockerfile', () => {
  it('builds the runtime stage by default (it is the last stage)', () => {
    expect(stages.at(-1)?.name).toBe('runtime');
  });

  it('pins every external base image, and runs the services on Node 22 or 24 LTS', () => {
    const names = stages.map((s) => s.name);
    const external = stages.map((s) => s.base).filter((b) => !names.includes(b));
    expect(external.length).toBeGreaterThan(0);
    for (const base of external) expect({ base, pinned: isPinned(base) }).toEqual({ base, pinned: true });
    expect(runtime.base).toMatch(/^node:(22|24)\.\d+(\.\d+)?-(bookworm|trixie)-slim$/);
    expect(stage('prod-deps').base).toBe(runtime.base);
  });

  it('starts plain node on the compiled dist/ entrypoint of the service named by SERVICE — no TypeScript loader', () => {
    const command = `${last(runtime, 'ENTRYPOINT') ?? ''} ${last(runtime, 'CMD') ?? ''}`;
    expect(command).toMatch(/exec node \\?"dist\/apps\/\$\{SERVICE[^}]*\}\/src\/main\.js\\?"/);
    const runtimeText = runtime.instructions.map((i) => `${i.op} ${i.args}`).join('\n');
    for (const loader of [
      '@swc-node',
      'esm-register',
      '--import',
      '--loader',
      '--experimental-strip-types',
      'tsx',
      'ts-node',
    ]) {
      expect({ loader, present: runtimeText.includes(loader) }).toEqual({ loader, present: false });
    }
    expect(runtimeText).not.toMatch(/\.ts\b/);
    expect(runtimeText).not.toMatch(/typescript/i);
  });

  it('copies only dist/, package.json and the production node_modules into the runtime stage (no sources)', () => {
    const copies = all(runtime, 'COPY');
    expect(copies).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^--from=prod-deps \/app\/node_modules \.\/node_modules$/),
        expect.stringMatching(/^--from=build \/app\/dist \.\/dist$/),
      ]),
    );
    for (const copy of copies) expect(copy).not.toMatch(/\/(apps|libs|scripts)\b|tsconfig/);
    const install = all(stage('prod-deps'), 'RUN').join('\n');
    expect(install).toMatch(/npm ci\b[^\n&]*--omit=dev/);
    // The loader and the compiler must not come back through an optional peer of a production package.
    expect(install).toMatch(/test ! -e node_modules\/@swc-node/);
    expect(install).toMatch(/test ! -e node_modules\/typescript/);
  });

  it('compiles the services in the build stage', () => {
    expect(all(stage('build'), 'RUN').join('\n')).toMatch(/npm run db:generate && node scripts\/build\.mjs/);
  });

  it('keeps the packaged Noto Sans SC font (PDFs) in the production dependencies', () => {
    const font = packagedCjkFont();
    expect(font).not.toBeNull();
    const fromNodeModules = path
      .relative(root, font?.path ?? '')
      .replace(/^.*?node_modules\//, 'node_modules/');
    expect(all(stage('prod-deps'), 'RUN').join('\n')).toContain(`test -f ${fromNodeModules}`);
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).toContain(fromNodeModules.split('/').slice(1, 3).join('/'));
  });

  it('keeps the Prisma query compiler the generated clients load, and drops the others', () => {
    const install = all(stage('prod-deps'), 'RUN').join('\n');
    expect(install).toContain("! -name 'query_compiler_fast_bg.postgresql.*'");
    const loaded = HALL_SERVICES.flatMap((service) =>
      [
        ...read(`apps/${service}/src/generated/prisma/internal/class.ts`).matchAll(
          /@prisma\/client\/runtime\/([\w.-]+)/g,
        ),
      ].map((m) => m[1] ?? ''),
    );
    expect(loaded.length).toBeGreaterThanOrEqual(HALL_SERVICES.length);
    for (const file of loaded) expect(file).toMatch(/^(client|query_compiler_fast_bg\.postgresql\.[\w.-]+)$/);
  });

  it('runs as a non-root user (numeric, so Kubernetes can verify runAsNonRoot)', () => {
    const user = last(runtime, 'USER');
    expect(user).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    // USER comes after the last RUN (which needs root for apt-get) and before the command.
    const index = (op: string): number => runtime.instructions.map((i) => i.op).lastIndexOf(op);
    expect(index('USER')).toBeGreaterThan(index('RUN'));
    expect(index('USER')).toBeLessThan(index('CMD'));
  });

  it('has a HEALTHCHECK on the service’s /health/live', () => {
    const healthcheck = last(runtime, 'HEALTHCHECK');
    expect(healthcheck).toContain("'/api/'+process.env.SERVICE+'/health/live'");
    expect(healthcheck).toMatch(/^--interval=\d+s .*CMD \[/);
  });

  it('copies from stages that exist, earlier in the file', () => {
    stages.forEach((s, i) => {
      for (const copy of all(s, 'COPY')) {
        const from = /--from=(\S+)/.exec(copy)?.[1];
        if (from !== undefined) expect(stages.slice(0, i).map((x) => x.name)).toContain(from);
      }
    });
  });

  it('builds a web stage for Kubernetes with its nginx config, as a non-root nginx', () => {
    const web = stage('web');
    expect(web.base).toMatch(/^nginxinc\/nginx-unprivileged:/);
    expect(all(web, 'COPY')).toContain('deploy/nginx/web.conf /etc/nginx/conf.d/default.conf');
    expect(read('deploy/nginx/web.conf')).toMatch(/^\s*listen 8080;/m);
  });

  it('keeps dependencies, secrets and local data out of the build context, but not what the stages copy', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toEqual(
      expect.arrayContaining(['**/node_modules', '.git', '.env', '.data', 'dist', 'deploy']),
    );
    expect(ignored).toContain('!deploy/nginx/web.conf');
    expect(ignored).not.toContain('apps/web');
  });

  it('declares Node engines that include 20.19 (CI here), 22 and 24 LTS', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    for (const version of ['20.19.0', '22.12.0', '22.21.1', '24.0.0', '24.11.1']) {
      expect({ version, ok: satisfies(version, engines) }).toEqual({ version, ok: true });
    }
    for (const version of ['18.20.0', '20.18.3', '21.7.0', '23.0.0']) {
      expect({ version, ok: satisfies(version, engines) }).toEqual({ version, ok: false });
    }
  });

  it('knows every service the image may be started as', () => {
    for (const service of HALL_SERVICES)
      expect(read(`apps/${service}/src/main.ts`)).toContain('runStandaloneService');
  });
});
