import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';

/**
 * s3rver keeps each object as three files next to each other: `<name>._S3rver_object` (the bytes, written first),
 * `<name>._S3rver_metadata.json` (written when the bytes are complete, before the PUT is answered) and, once read,
 * `<name>._S3rver_object.md5`. A process killed in the middle of a write (the soak's SIGKILL, a power cut of a
 * laptop) leaves an object without its metadata or with a truncated metadata/MD5 file. s3rver then answers 500 to
 * every listing of that bucket, and because it answers HEAD bucket with a listing, the store can never come up again.
 *
 * None of these writes was ever answered (the metadata is written before the response), so no caller holds a
 * reference to such an object. They are moved aside — never deleted — into `<directory>.quarantine/<time>/`, which
 * lies outside the store (every folder inside the store's directory is a bucket to s3rver).
 */
const OBJECT_SUFFIX = '._S3rver_object';
const METADATA_SUFFIX = '._S3rver_metadata.json';
const MD5_SUFFIX = '._S3rver_object.md5';

export interface RepairReport {
  /** Object keys (bucket/key as stored on disk) moved to the quarantine folder. */
  readonly quarantined: readonly string[];
  readonly quarantineDirectory: string | undefined;
}

async function parses(file: string, check: (text: string) => boolean): Promise<boolean> {
  try {
    return check(await readFile(file, 'utf8'));
  } catch {
    return false;
  }
}

const isJsonObject = (text: string): boolean => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
};

/** Walks the store's directory and moves every unfinished object (see above) aside. Cheap when nothing is broken. */
export async function repairEmbeddedStore(directory: string, now: Date = new Date()): Promise<RepairReport> {
  const quarantined: string[] = [];
  const quarantineDirectory = `${directory}.quarantine${path.sep}${now.toISOString().replace(/[:.]/g, '-')}`;

  const moveAside = async (folder: string, files: readonly string[]): Promise<void> => {
    const target = path.join(quarantineDirectory, path.relative(directory, folder));
    await mkdir(target, { recursive: true });
    for (const file of files)
      await rename(path.join(folder, file), path.join(target, file)).catch(() => undefined);
  };

  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    for (const entry of entries) {
      if (entry.isDirectory()) {
        await walk(path.join(folder, entry.name));
        continue;
      }
      const name = entry.name;
      let base: string | undefined;
      if (name.endsWith(OBJECT_SUFFIX)) base = name.slice(0, -OBJECT_SUFFIX.length);
      else if (
        name.endsWith(METADATA_SUFFIX) &&
        !names.has(name.slice(0, -METADATA_SUFFIX.length) + OBJECT_SUFFIX)
      ) {
        // Metadata whose bytes are gone: nothing to serve, move it aside with the rest.
        base = name.slice(0, -METADATA_SUFFIX.length);
      }
      if (base === undefined) continue;
      const objectFile = base + OBJECT_SUFFIX;
      const metadataFile = base + METADATA_SUFFIX;
      const md5File = base + MD5_SUFFIX;
      const complete =
        names.has(objectFile) &&
        names.has(metadataFile) &&
        (await parses(path.join(folder, metadataFile), isJsonObject)) &&
        (!names.has(md5File) ||
          (await parses(path.join(folder, md5File), (t) => /^[0-9a-f]{32}$/.test(t.trim()))));
      if (complete) continue;
      const present = [objectFile, metadataFile, md5File].filter((f) => names.has(f));
      await moveAside(folder, present);
      for (const f of present) names.delete(f);
      quarantined.push(path.relative(directory, path.join(folder, base)));
    }
  };

  // Only folders are buckets; multipart upload folders (`._S3rver_uploads`) are left alone.
  await walk(directory);
  return { quarantined, quarantineDirectory: quarantined.length > 0 ? quarantineDirectory : undefined };
}
