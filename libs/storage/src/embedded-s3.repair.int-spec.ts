// A hall killed while the embedded store writes an object (the soak's SIGKILL) must come up again on the same data
// directory: the unfinished object is moved aside and every finished one is still served, byte for byte.
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedS3 } from './embedded-s3.server.js';
import { ObjectStorage } from './object-storage.js';
import { repairEmbeddedStore } from './embedded-s3.repair.js';

const BUCKETS = { materials: 'repair-materials', licences: 'repair-licences' };

async function findFiles(dir: string, suffix: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => path.join(e.parentPath, e.name));
}

async function putThree(directory: string): Promise<Record<string, Buffer>> {
  const s3 = await startEmbeddedS3({ directory });
  try {
    const storage = new ObjectStorage({ ...s3, buckets: BUCKETS });
    await storage.ensureBuckets();
    const client = (
      storage as unknown as { client: { putObject(b: string, k: string, v: Buffer): Promise<unknown> } }
    ).client;
    const bodies: Record<string, Buffer> = {};
    for (const key of ['a/kept.bin', 'a/torn-metadata.bin', 'a/torn-md5.bin']) {
      bodies[key] = Buffer.from(`${key} `.repeat(500));
      await client.putObject(BUCKETS.materials, key, bodies[key]);
    }
    return bodies;
  } finally {
    await s3.close();
  }
}

describe('embedded object store after a hard kill', () => {
  let directory: string;

  beforeEach(async () => {
    directory = path.join(await mkdtemp(path.join(tmpdir(), 'hall-s3-repair-')), 's3');
  });

  afterEach(async () => {
    await rm(path.dirname(directory), { recursive: true, force: true });
  });

  it('moves unfinished writes aside and serves everything else again', async () => {
    const bodies = await putThree(directory);
    // What a kill leaves: a truncated metadata file, a torn MD5 file and bytes whose metadata was never written.
    const [tornMetadata] = (await findFiles(directory, '._S3rver_metadata.json')).filter((f) =>
      f.includes('torn-metadata'),
    );
    if (!tornMetadata) throw new Error('s3rver stored no metadata file');
    await truncate(tornMetadata, 7);
    const objectFiles = await findFiles(directory, '._S3rver_object');
    const tornMd5Object = objectFiles.find((f) => f.includes('torn-md5'));
    if (!tornMd5Object) throw new Error('s3rver stored no object file');
    await writeFile(`${tornMd5Object}.md5`, 'd41d8c');
    await writeFile(path.join(path.dirname(tornMd5Object), 'orphan.bin._S3rver_object'), 'half of an upl');

    const s3 = await startEmbeddedS3({ directory });
    try {
      expect([...s3.repaired.quarantined].sort()).toEqual(
        [
          'repair-materials/a/orphan.bin',
          'repair-materials/a/torn-md5.bin',
          'repair-materials/a/torn-metadata.bin',
        ].map((p) => p.split('/').join(path.sep)),
      );
      const storage = new ObjectStorage({ ...s3, buckets: BUCKETS });
      await storage.ensureBuckets({ attempts: 1 });
      expect(await storage.ping()).toBe(true);
      expect(await storage.listKeys(BUCKETS.materials)).toEqual(['a/kept.bin']);
      const client = (
        storage as unknown as { client: { getObject(b: string, k: string): Promise<NodeJS.ReadableStream> } }
      ).client;
      const chunks: Buffer[] = [];
      for await (const c of await client.getObject(BUCKETS.materials, 'a/kept.bin')) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(bodies['a/kept.bin'] ?? Buffer.alloc(0))).toBe(true);
      // Moved aside, not deleted, and outside the store's own folder (s3rver would take it for a bucket).
      const quarantine = s3.repaired.quarantineDirectory;
      if (!quarantine) throw new Error('no quarantine directory reported');
      expect(path.dirname(path.dirname(quarantine))).toBe(path.dirname(directory));
      expect(
        await readFile(path.join(quarantine, 'repair-materials', 'a', 'orphan.bin._S3rver_object'), 'utf8'),
      ).toBe('half of an upl');
    } finally {
      await s3.close();
    }
  });

  it('leaves an intact store untouched', async () => {
    await putThree(directory);
    const report = await repairEmbeddedStore(directory);
    expect(report).toEqual({ quarantined: [], quarantineDirectory: undefined });
  });
});
