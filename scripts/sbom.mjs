#!/usr/bin/env node
// Software bill of materials (CycloneDX JSON) of the installed dependency tree, from `npm sbom`.
//   node scripts/sbom.mjs [output]      default: test-artifacts/sbom.cdx.json
// `npm audit` cannot reach its service from the build machines; CI records this SBOM instead (.ci/run), so the
// exact packages of a build can be checked against advisories elsewhere.
//
// `npm sbom` refuses a tree with problems (seen with `--package-lock-only`: keycloak-connect declares the optional
// `chromedriver: "latest"`, a dist-tag npm cannot confirm offline). Then the SBOM is taken without optional
// dependencies and the optional packages actually installed here (native binaries such as @swc/core-linux-x64-gnu)
// are added from the lockfile, with their integrity hash, so nothing that runs is missing.
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const output = path.resolve(root, process.argv[2] ?? 'test-artifacts/sbom.cdx.json');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function npmSbom(extra) {
  const res = spawnSync(npm, ['sbom', '--sbom-format', 'cyclonedx', ...extra], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { ok: res.status === 0, stdout: res.stdout, stderr: res.stderr };
}

const purlOf = (name, version) => `pkg:npm/${name.startsWith('@') ? `%40${name.slice(1)}` : name}@${version}`;

let result = npmSbom([]);
let addedOptional = 0;
let bom;
if (result.ok) {
  bom = JSON.parse(result.stdout);
} else {
  const full = result.stderr.trim().split('\n').slice(0, 3).join(' | ');
  result = npmSbom(['--omit', 'optional']);
  if (!result.ok) {
    process.stderr.write(`npm sbom failed:\n${result.stderr}\n`);
    process.exit(1);
  }
  bom = JSON.parse(result.stdout);
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const known = new Set(bom.components.map((c) => c.purl));
  for (const [location, entry] of Object.entries(lock.packages ?? {})) {
    if (!location || !entry.optional || entry.link || !existsSync(path.join(root, location, 'package.json')))
      continue;
    const name = entry.name ?? location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const purl = purlOf(name, entry.version);
    if (known.has(purl)) continue;
    known.add(purl);
    addedOptional += 1;
    const hashes =
      typeof entry.integrity === 'string' && entry.integrity.startsWith('sha512-')
        ? [
            {
              alg: 'SHA-512',
              content: Buffer.from(entry.integrity.slice('sha512-'.length), 'base64').toString('hex'),
            },
          ]
        : [];
    bom.components.push({
      'bom-ref': `${name}@${entry.version}`,
      type: 'library',
      name,
      version: entry.version,
      scope: 'optional',
      purl,
      hashes,
      ...(entry.license ? { licenses: [{ license: { id: entry.license } }] } : {}),
      properties: [
        { name: 'hall:source', value: `package-lock.json (optional, installed; npm sbom: ${full})` },
      ],
    });
  }
}

mkdirSync(path.dirname(output), { recursive: true });
writeFileSync(output, `${JSON.stringify(bom, null, 2)}\n`);
process.stdout.write(
  `SBOM (CycloneDX ${bom.specVersion}): ${bom.components.length} components${addedOptional ? ` (${addedOptional} installed optional packages added from the lockfile)` : ''} → ${path.relative(root, output)}\n`,
);
