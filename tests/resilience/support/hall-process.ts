// The embedded hall as a child process (tests/resilience/support/crash-hall.ts) and a small HTTP client for it:
// shared by the crash-window and soak tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Hall {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the hall child; resolves once it prints READY (or rejects with its output if it exits first). */
export function startHall(env: Record<string, string>): Promise<Hall> {
  const child = spawn(
    process.execPath,
    ['--import', '@swc-node/register/esm-register', 'tests/resilience/support/crash-hall.ts'],
    {
      cwd: root,
      env: { ...process.env, ...env, OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /READY (\S+)/.exec(output);
      if (m?.[1]) resolve({ child, url: m[1], exited });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    void exited.then(({ code, signal }) =>
      reject(new Error(`hall exited (${code ?? signal}) before it was ready:\n${output.slice(-4000)}`)),
    );
  });
}

export { eventually, demoRestaurantItem, hallHttpClient as api } from '@hall/platform/testing';
