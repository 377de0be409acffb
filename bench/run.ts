// `npm run bench [-- <name>]`: runs the benchmarks (all by default). Results are ratios against a raw
// baseline measured in the same run, plus the issue budgets; never assertions.
import { runCatalogBench } from './catalog.bench.js';
import { runLicenceBench } from './licence.bench.js';

const benches: Record<string, () => Promise<void>> = { catalog: runCatalogBench, licence: runLicenceBench };
const selected = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const [name, run] of Object.entries(benches)) {
  if (selected.length > 0 && !selected.includes(name)) continue;
  process.stdout.write(`\n### ${name}\n`);
  await run();
}
process.exit(0);
