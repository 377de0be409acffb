/**
 * Model-based test of the whole hall (issue 17 item 8). One embedded hall (five services, PGlite, the in-process
 * transport under the test's control) serves every run; each run creates its own applications and plays a random
 * sequence of real API calls of every role — submit (applicant or 代办), one-time notice, supplement, accept
 * (normal / 容缺 / deemed), refuse, withdraw, 容缺 termination, claim / complete (approve, deny, return) / co-sign,
 * decide, hearings, licence suspend / revoke, 出件, rating — interleaved with event delivery (one batch, or all),
 * duplicates and consumer crashes and restarts. Each command checks its HTTP answer; after every step the
 * invariants that hold at all times are checked, and once the hall is quiescent the cross-service ones
 * (support/case-model.ts lists them).
 *
 * MODEL_RUNS (default 100) sets the number of runs; a failure prints the seed, the path and the shrunk command
 * sequence: replay it with MODEL_SEED=<seed> MODEL_PATH=<path> (and MODEL_REPLAY=<replayPath> for fc.commands).
 * MODEL_SKIP=Withdraw,Restart leaves commands out (e.g. to look past a known bug); MODEL_TRACE=1 prints each run.
 */
import fc from 'fast-check';
import { startEmbeddedHall, type EmbeddedHall } from '../src/embedded-hall.js';
import {
  checkAlways,
  checkQuiescent,
  commandArbitraries,
  Submit,
  type CaseModel,
  type Real,
  type Stage,
  type Submitter,
} from './support/case-model.js';
import { HallDriver } from './support/hall-driver.js';
import { ModelTransport } from './support/model-transport.js';

// The model's clients submit hundreds of applications with uploads as a few demo users within minutes: the per-user
// upload rate and quota (security issue 18 #8) are set out of the way here, as for any load generator.
for (const [k, v] of Object.entries({
  UPLOAD_RATE_BURST: '100000',
  UPLOAD_RATE_PER_MINUTE: '100000',
  UPLOAD_UNATTACHED_MAX_FILES: '100000',
  UPLOAD_UNATTACHED_MAX_MB: '100000',
})) {
  process.env[k] ??= v;
}

const RUNS = Number(process.env.MODEL_RUNS ?? 100);
// CI replays one fixed seed (the sequences it checks are known; timing still varies); elsewhere a fresh seed each run.
const SEED =
  process.env.MODEL_SEED !== undefined
    ? Number(process.env.MODEL_SEED)
    : process.env.CI
      ? 20261204
      : undefined;
const PATH = process.env.MODEL_PATH;
const REPLAY = process.env.MODEL_REPLAY;
const SKIP = (process.env.MODEL_SKIP ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const TRACE = process.env.MODEL_TRACE === '1';
const MAX_COMMANDS = 12;

let hall: EmbeddedHall;
let driver: HallDriver;

beforeAll(async () => {
  const transport = new ModelTransport();
  hall = await startEmbeddedHall({ port: 0, logLevel: 'silent', transport });
  driver = new HallDriver(hall, transport);
  await driver.prepare();
}, 300_000);

afterAll(async () => {
  await hall?.close();
});

describe('the whole hall as one system (model-based)', () => {
  it(
    `keeps every cross-service invariant over ${RUNS} random sequences of API calls, deliveries, duplicates and restarts`,
    async () => {
      const first = fc
        .record({
          by: fc.constantFrom<Submitter>('applicant', 'clerk'),
          stage: fc.constantFrom<Stage>('submitted', 'submitted', 'accepted', 'examined'),
        })
        .map(({ by, stage }) => new Submit(by, stage));
      const property = fc.asyncProperty(
        first,
        fc.commands(commandArbitraries(SKIP), {
          maxCommands: MAX_COMMANDS - 1,
          ...(REPLAY !== undefined && { replayPath: REPLAY }),
        }),
        async (submit, commands) => {
          const model: CaseModel = { apps: [], steps: [] };
          const real: Real = { d: driver };
          await driver.newDeadLetters(); // whatever an earlier run left is not this run's
          driver.transport.holding = true;
          const started = Date.now();
          try {
            const timed = [submit, ...commands].map((c) => ({
              check: (m: Readonly<CaseModel>) => c.check(m),
              run: async (m: CaseModel, r: Real) => {
                const t0 = Date.now();
                await c.run(m, r);
                if (TRACE)
                  process.stderr.write(`  ${Date.now() - t0} ms ${m.steps[m.steps.length - 1] ?? ''}\n`);
              },
              toString: () => c.toString(),
            }));
            await fc.asyncModelRun(() => ({ model, real }), TRACE ? timed : [submit, ...commands]);
            await driver.settle();
            await checkAlways(driver, model);
            await checkQuiescent(driver, model);
            if (TRACE)
              process.stderr.write(`run ok in ${Date.now() - started} ms: ${model.steps.length} steps\n`);
          } catch (err) {
            const e = err as Error;
            e.message = `${e.message}\n  steps:\n    ${model.steps.join('\n    ')}`;
            throw e;
          } finally {
            driver.transport.holding = false;
            // The next run starts from a quiescent hall, whatever this one left behind.
            await driver.settle().catch(() => undefined);
          }
        },
      );
      await fc.assert(property, {
        numRuns: RUNS,
        ...(SEED !== undefined && { seed: SEED }),
        ...(PATH !== undefined && { path: PATH }),
        // Shrinking replays whole runs against the hall: bound it so a failure reports within minutes.
        interruptAfterTimeLimit: Number(process.env.MODEL_TIME_LIMIT_MS ?? 20 * 60_000),
        markInterruptAsFailure: false,
        verbose: 1,
      });
    },
    60 * 60_000,
  );
});
