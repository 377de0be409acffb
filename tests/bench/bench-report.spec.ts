// The benchmark report writer (bench/bench-kit.ts): from sample measurements it writes parseable JSON, a markdown
// report with the budgets table and chart links, and well-formed SVG charts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { barChartSvg, writeReport, type BenchRecord, type RunMeta } from '../../bench/bench-kit.js';

const meta: RunMeta = {
  date: '2026-12-02',
  startedAt: '2026-12-02T01:00:00.000Z',
  finishedAt: '2026-12-02T01:04:00.000Z',
  quick: true,
  machine: {
    cores: 2,
    cpu: 'test cpu',
    memoryGiB: 24,
    node: 'v20.20.0',
    loadAverage: [1, 2, 3],
    postgres: '15.8',
  },
  selected: ['http', 'scale'],
};

function sample(): BenchRecord {
  return {
    measurements: [
      {
        bench: 'http',
        name: 'protected GET throughput',
        value: 700,
        unit: 'req/s',
        baseline: 1000,
        ratio: 0.7,
        budget: { text: '≥ 70 % of raw', met: true },
      },
      { bench: 'http', name: 'p99 latency', value: 12.5, unit: 'ms' },
      {
        bench: 'scale',
        name: 'queue p95 <at 1 M> & more',
        value: 180,
        unit: 'ms',
        budget: { text: 'p95 ≤ 150 ms', met: false },
        note: 'a | b',
      },
    ],
    charts: [
      {
        bench: 'http',
        title: 'Throughput <raw vs service>',
        unit: 'req/s',
        bars: [
          { label: 'raw & fastify', value: 1000, kind: 'baseline' },
          { label: 'service', value: 700 },
        ],
      },
      {
        bench: 'http',
        title: 'Throughput <raw vs service>',
        unit: 'req/s',
        bars: [{ label: 'empty', value: Number.NaN }],
      },
    ],
    plans: [
      {
        bench: 'scale',
        title: 'queue',
        text: 'Limit  (cost=0.43..1.2 rows=20)\n  ->  Index Scan using approval_task_open_queue_idx',
      },
    ],
    tables: [],
    notes: [{ bench: 'scale', title: 'rows', text: '20,000 tasks' }],
    errors: [{ bench: 'footprint', error: 'Error: spawn failed\n    at x' }],
    durations: { http: 12.3, scale: 4 },
  };
}

/** A minimal well-formedness check: every opened element is closed in order, and no bare `<`/`&` in text. */
function checkXml(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)([^>]*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name ?? '');
  }
  expect(stack).toEqual([]);
  const text = svg.replace(/<[^>]*>/g, '');
  expect(text).not.toMatch(/[<>]/);
  expect(text).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
}

describe('bench report writer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bench-report-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the JSON with every measurement, ratio and verdict', () => {
    const files = writeReport(dir, meta, sample());
    expect(path.basename(files.json)).toBe('2026-12-02.json');
    const json = JSON.parse(readFileSync(files.json, 'utf8')) as Omit<BenchRecord, 'charts'> & {
      meta: RunMeta;
      charts: Array<{ file: string }>;
    };
    expect(json.meta.machine.cores).toBe(2);
    expect(json.measurements).toHaveLength(3);
    expect(json.measurements[0]).toMatchObject({ ratio: 0.7, budget: { met: true } });
    expect(json.measurements[2]?.budget?.met).toBe(false);
    expect(json.charts.map((c) => c.file)).toEqual([
      '2026-12-02-http-throughput-raw-vs-service.svg',
      '2026-12-02-http-throughput-raw-vs-service-2.svg',
    ]);
  });

  it('writes a markdown report with the budgets table, verdicts, chart links, plans and harness errors', () => {
    const files = writeReport(dir, meta, sample());
    const md = readFileSync(files.markdown, 'utf8');
    expect(md).toContain('# Benchmark report 2026-12-02 (--quick)');
    const budgetRows =
      md
        .split('## Budgets')[1]
        ?.split('\n## ')[0]
        ?.split('\n')
        .filter((l) => l.startsWith('| ') && !l.startsWith('| bench')) ?? [];
    expect(budgetRows).toHaveLength(2);
    expect(budgetRows[0]).toContain('| 0.70 | ≥ 70 % of raw | met |');
    expect(budgetRows[1]).toContain('**missed**');
    // Every table row has the same number of cells as its header (a `|` inside a note is escaped).
    for (const table of md.split('\n\n').filter((b) => b.startsWith('| '))) {
      const widths = table.split('\n').map((l) => l.split('|').length);
      expect(new Set(widths).size).toBe(1);
    }
    expect(md).toContain('![Throughput <raw vs service>](2026-12-02-http-throughput-raw-vs-service.svg)');
    expect(md).toContain('Index Scan using approval_task_open_queue_idx');
    expect(md).toContain('- **footprint**: Error: spawn failed');
    expect(md).toContain('## http (12.3 s)');
  });

  it('writes well-formed SVG charts whose bar widths follow the values', () => {
    const files = writeReport(dir, meta, sample());
    expect(files.svgs).toHaveLength(2);
    for (const f of files.svgs) checkXml(readFileSync(f, 'utf8'));
    const svg = barChartSvg({
      title: 'a & b',
      unit: 'req/s',
      bars: [
        { label: 'raw', value: 200, kind: 'baseline' },
        { label: 'svc', value: 100 },
      ],
    });
    const widths = [...svg.matchAll(/<rect x="\d+" y="\d+" width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([360, 180]);
    expect(svg).toContain('a &amp; b');
    expect(svg).toContain('fill="#9e9e9e"');
  });
});
