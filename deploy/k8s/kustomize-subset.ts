/**
 * Renders a kustomization the way `kubectl kustomize --load-restrictor LoadRestrictionsNone` does, for the subset of
 * Kustomize that deploy/k8s uses, so that k8s.spec.ts can validate the rendered objects on machines without kubectl
 * (CI). Where kubectl is installed the spec renders with both and requires the same objects. Anything outside the
 * subset is refused, never ignored:
 * - `resources`: YAML files (several documents each) and directories holding a kustomization.yaml;
 * - `namespace`: set on every object (deploy/k8s has no cluster-scoped kinds);
 * - `images`: `name` → `newName`/`newTag` in the containers of pod templates;
 * - `patches` with a `path`: a strategic-merge patch of the one object with the patch's kind and name — maps merge,
 *   lists of named items (containers, env, volumes, ports…) merge by `name`, other lists are replaced;
 * - `configMapGenerator` with `files` (`key=path` or `path`) under `generatorOptions.disableNameSuffixHash: true`,
 *   plus `generatorOptions.labels`.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export type K8sObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown> & { name: string; namespace?: string; labels?: Record<string, string> };
};

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'images',
  'patches',
  'configMapGenerator',
  'generatorOptions',
]);

/** Every YAML document of a file that is not empty. */
function readDocuments(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message ?? 'bad YAML'}`);
      return doc.toJS() as unknown;
    })
    .filter((o) => o !== null && o !== undefined);
}

/** The Kubernetes objects of a YAML file. */
export function readObjects(file: string): K8sObject[] {
  return readDocuments(file).filter((o): o is K8sObject => {
    if (!isDict(o) || typeof o['kind'] !== 'string' || !isDict(o['metadata']))
      throw new Error(`${file}: not a Kubernetes object`);
    return true;
  });
}

/** Strategic merge (see the file comment): returns a new value. */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (isDict(base) && isDict(patch)) {
    const out: Dict = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete out[key];
      else out[key] = key in base ? strategicMerge(base[key], value) : value;
    }
    return out;
  }
  const named = (list: unknown[]): list is Dict[] =>
    list.every((i) => isDict(i) && typeof i['name'] === 'string');
  if (Array.isArray(base) && Array.isArray(patch) && named(base) && named(patch)) {
    const out = base.map((item) => {
      const match = patch.find((p) => p['name'] === item['name']);
      return match ? (strategicMerge(item, match) as Dict) : item;
    });
    for (const p of patch) if (!base.some((b) => b['name'] === p['name'])) out.push(p);
    return out;
  }
  return patch;
}

const key = (o: K8sObject): string => `${o.kind}/${o.metadata.name}`;

function setImages(o: K8sObject, images: Dict[]): void {
  const podSpec =
    isDict(o['spec']) && isDict(o['spec']['template']) && isDict(o['spec']['template']['spec'])
      ? o['spec']['template']['spec']
      : undefined;
  if (!podSpec) return;
  for (const field of ['containers', 'initContainers']) {
    const containers = podSpec[field];
    if (!Array.isArray(containers)) continue;
    for (const c of containers as Dict[]) {
      const image = text(c['image']) ?? '';
      const name = image.replace(/[@:][^/]*$/, '');
      const rule = images.find((i) => i['name'] === name);
      if (!rule) continue;
      const tag = /:([^/@]+)$/.exec(image)?.[1];
      c['image'] = `${text(rule['newName']) ?? name}:${text(rule['newTag']) ?? tag ?? 'latest'}`;
    }
  }
}

/** Renders the kustomization in `dir` (its objects in resource order; kubectl sorts them, compare by kind/name). */
export function renderKustomization(dir: string): K8sObject[] {
  const file = path.join(dir, 'kustomization.yaml');
  const [k] = readDocuments(file);
  if (!isDict(k)) throw new Error(`${file}: not a mapping`);
  for (const field of Object.keys(k))
    if (!SUPPORTED.has(field)) throw new Error(`${file}: "${field}" is outside the supported subset`);

  let objects: K8sObject[] = [];
  for (const resource of (k['resources'] ?? []) as string[]) {
    const target = path.join(dir, resource);
    objects.push(...(statSync(target).isDirectory() ? renderKustomization(target) : readObjects(target)));
  }

  const options = (k['generatorOptions'] ?? {}) as Dict;
  const generators = (k['configMapGenerator'] ?? []) as Dict[];
  if (generators.length > 0 && options['disableNameSuffixHash'] !== true) {
    throw new Error(
      `${file}: configMapGenerator without disableNameSuffixHash is outside the supported subset`,
    );
  }
  for (const gen of generators) {
    for (const field of Object.keys(gen))
      if (!['name', 'files'].includes(field))
        throw new Error(`${file}: configMapGenerator.${field} is outside the supported subset`);
    const data: Record<string, string> = {};
    for (const entry of (gen['files'] ?? []) as string[]) {
      const eq = entry.indexOf('=');
      const name = eq > 0 ? entry.slice(0, eq) : path.basename(entry);
      data[name] = readFileSync(path.join(dir, eq > 0 ? entry.slice(eq + 1) : entry), 'utf8');
    }
    const labels = isDict(options['labels']) ? (options['labels'] as Record<string, string>) : undefined;
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: text(gen['name']) ?? '', ...(labels && { labels: { ...labels } }) },
      data,
    });
  }

  for (const patch of (k['patches'] ?? []) as Dict[]) {
    if (typeof patch['path'] !== 'string' || Object.keys(patch).length !== 1)
      throw new Error(`${file}: only patches with a path are supported`);
    for (const p of readObjects(path.join(dir, patch['path']))) {
      const matches = objects.filter((o) => key(o) === key(p));
      if (matches.length !== 1)
        throw new Error(`${file}: patch ${patch['path']} targets ${key(p)}, found ${matches.length}`);
      objects = objects.map((o) => (o === matches[0] ? (strategicMerge(o, p) as K8sObject) : o));
    }
  }

  const images = (k['images'] ?? []) as Dict[];
  const namespace = typeof k['namespace'] === 'string' ? k['namespace'] : undefined;
  return objects.map((o) => {
    const copy = structuredClone(o);
    if (namespace) copy.metadata.namespace = namespace;
    setImages(copy, images);
    return copy;
  });
}

/** Objects by `kind/name`, for comparisons that do not depend on output order. */
export function byKindAndName(objects: readonly K8sObject[]): Map<string, K8sObject> {
  const map = new Map<string, K8sObject>();
  for (const o of objects) {
    if (map.has(key(o))) throw new Error(`two objects ${key(o)}`);
    map.set(key(o), o);
  }
  return map;
}
