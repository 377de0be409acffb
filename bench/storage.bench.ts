/**
 * Storage (issue #9 §6): the hall's upload path — `ObjectStorage.upload` from libs/storage (type sniffing, name
 * sanitising, size cap while streaming, SHA-256, the PUT, then the metadata copy that attaches the digest) — vs a
 * raw `minio` client `putObject` of the same bytes, against the same s3rver, 64 KiB and 5 MiB PDFs, 4 uploads in
 * flight, alternated. Budget: upload ≥ 60 % of raw throughput.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { embeddedS3Client, ObjectStorage, samplePdf, startEmbeddedS3 } from '@hall/storage';
import { chart, measure, note, progress, size } from './bench-kit.js';

/** Runs `op` with `parallel` in flight for `seconds`; returns completed operations per second. */
async function throughput(
  label: string,
  seconds: number,
  parallel: number,
  op: () => Promise<unknown>,
): Promise<number> {
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < end) {
        await op();
        done++;
        progress(label, Math.min(seconds, (performance.now() - t0) / 1000), seconds);
      }
    }),
  );
  progress(label, seconds, seconds);
  process.stdout.write('\n');
  return done / ((performance.now() - t0) / 1000);
}

export async function runStorageBench(): Promise<void> {
  const seconds = size('BENCH_STORAGE_SECONDS', 20, 3);
  const parallel = 4;
  const s3 = await startEmbeddedS3();
  try {
    const storage = new ObjectStorage({
      endpoint: s3.endpoint,
      accessKey: s3.accessKey,
      secretKey: s3.secretKey,
      region: s3.region,
    });
    await storage.ensureBuckets();
    const bucket = storage.buckets.materials;
    const raw = embeddedS3Client(s3);
    for (const [label, bytes] of [
      ['64 KiB', 64 * 1024],
      ['5 MiB', 5 * 1024 * 1024],
    ] as const) {
      const pdf = samplePdf('bench', bytes);
      const upload = () =>
        storage.upload({
          bucket,
          buffer: pdf,
          declaredName: '材料.pdf',
          declaredContentType: 'application/pdf',
          maxBytes: 10 * 1024 * 1024,
          allowedTypes: ['application/pdf', 'image/png', 'image/jpeg'],
          ownerPrefix: 'bench',
        });
      const put = () =>
        raw.putObject(bucket, `raw/${randomUUID()}.pdf`, pdf, pdf.length, {
          'Content-Type': 'application/pdf',
        });
      await upload();
      await put();
      const half = Math.max(1, seconds / 2);
      const r1 = await throughput(`raw putObject ${label} (1/2)`, half, parallel, put);
      const s1 = await throughput(`ObjectStorage.upload ${label} (1/2)`, half, parallel, upload);
      const r2 = await throughput(`raw putObject ${label} (2/2)`, half, parallel, put);
      const s2 = await throughput(`ObjectStorage.upload ${label} (2/2)`, half, parallel, upload);
      const r = (r1 + r2) / 2;
      const s = (s1 + s2) / 2;
      const met = s / r >= 0.6;
      measure({
        name: `upload ${label}`,
        value: s,
        unit: 'uploads/s',
        baseline: r,
        budget: { text: '≥ 0.60 × raw putObject', met },
        note: `${((s * pdf.length) / 2 ** 20).toFixed(1)} MiB/s`,
      });
      chart(`Upload ${label}`, 'uploads/s', [
        { label: `raw minio.putObject ${label}`, value: r, kind: 'baseline' },
        { label: `ObjectStorage.upload ${label}`, value: s, kind: met ? 'service' : 'missed' },
      ]);
    }
    note(
      'setup',
      `${parallel} uploads in flight, 2 × ${seconds / 2} s per side and size, s3rver on the loopback`,
    );
  } finally {
    await s3.close();
  }
}
