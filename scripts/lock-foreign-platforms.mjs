#!/usr/bin/env node
// The registry reachable from this project's machines serves only the current platform's native
// packages (others answer 404), so `npm install` leaves other platforms' optional binaries out of
// package-lock.json and `npm ci` then refuses the lock. This adds those entries back (version, optional,
// os/cpu/libc from the package name), exactly as npm records them elsewhere, so `npm ci` skips them
// on a platform mismatch. Run after `npm install` changes the lock: node scripts/lock-foreign-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const pkgs = lock.packages;

const OS = ['darwin', 'win32', 'linux', 'freebsd', 'android', 'openharmony'];
const CPU = [
  ['arm64', 'arm64'],
  ['x64', 'x64'],
  ['ia32', 'ia32'],
  ['ppc64', 'ppc64'],
  ['s390x', 's390x'],
  ['riscv64', 'riscv64'],
  ['loong64', 'loong64'],
  ['arm-', 'arm'],
  ['arm', 'arm'],
];

function platformOf(name) {
  const base = name.split('/').pop() ?? name;
  const os = OS.find((o) => base.includes(`-${o}-`) || base.endsWith(`-${o}`));
  if (!os) return undefined;
  const rest = base.slice(base.indexOf(`-${os}`) + os.length + 1);
  const cpu = CPU.find(([token]) => rest.startsWith(`-${token}`))?.[1];
  if (!cpu) return undefined;
  const entry = { os: [os], cpu: [cpu] };
  if (os === 'linux') entry.libc = [/musl/.test(rest) ? 'musl' : 'glibc'];
  return entry;
}

let added = 0;
for (const [location, meta] of Object.entries(pkgs)) {
  for (const [dep, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const platform = platformOf(dep);
    if (!platform) continue;
    const hoisted = `node_modules/${dep}`;
    const nested = `${location ? `${location}/` : ''}node_modules/${dep}`;
    const exact = /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(range) ? range : undefined;
    if (!exact) continue;
    if (pkgs[nested] || pkgs[hoisted]?.version === exact) continue;
    const target = pkgs[hoisted] ? nested : hoisted;
    pkgs[target] = { version: exact, dev: meta.dev || undefined, optional: true, ...platform };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`package-lock.json: ${added} foreign-platform optional entries added\n`);
