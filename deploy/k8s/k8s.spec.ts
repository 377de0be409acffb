/**
 * The Kubernetes manifests (deploy/k8s: Kustomize base + city and province overlays), validated offline:
 * rendered (kustomize-subset.ts; and with `kubectl kustomize` where kubectl is installed, which must give the same
 * objects), every object checked against its schema (kubernetes-models for Kubernetes' own kinds, the
 * CloudNativePG models for Cluster and Database, a schema written here for Strimzi's KafkaTopic, which has no
 * published model package), every service's environment checked by the same contract check as docker-compose.yml
 * (deploy/env-contract.ts), and the routes compared with compose's nginx.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as contracts from '@hall/contracts';
import { ALL_TOPICS, type EventContract } from '@hall/contracts';
import * as cnpg from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as core from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { SUPERVISED_EVENTS } from '../../apps/supervision/src/cases/case.consumer.js';
import { MATTER_EVENTS } from '../../apps/supervision/src/matters/matter.consumer.js';
import { HALL_SERVICES, type HallService } from '../compose.contract.js';
import { serviceEnvironmentProblems, type EnvValue } from '../env-contract.js';
import { byKindAndName, renderKustomization, type K8sObject } from './kustomize-subset.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const k8s = path.join(root, 'deploy/k8s');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => v !== null && typeof v === 'object' && !Array.isArray(v);
const at = (o: unknown, ...keys: Array<string | number>): unknown =>
  keys.reduce<unknown>((v, k) => (Array.isArray(v) ? v[Number(k)] : isDict(v) ? v[String(k)] : undefined), o);

const KUSTOMIZATIONS = ['base', 'overlays/city', 'overlays/province'] as const;
const OVERLAYS = ['overlays/city', 'overlays/province'] as const;
const rendered = new Map(KUSTOMIZATIONS.map((k) => [k, renderKustomization(path.join(k8s, k))] as const));
const objectsOf = (k: (typeof KUSTOMIZATIONS)[number]): K8sObject[] => rendered.get(k) ?? [];

function get(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found;
}

// ---- schemas ------------------------------------------------------------------------------------------------------
type Validator = (o: unknown) => void;
const model =
  (Model: unknown): Validator =>
  (o) => {
    const Ctor = Model as new (data: unknown) => { validate(): void };
    new Ctor(o).validate();
  };

/** Strimzi KafkaTopic (kafka.strimzi.io/v1beta2), the fields of its CRD that deploy/k8s uses, nothing else. */
const KafkaTopicSchema = z.strictObject({
  apiVersion: z.literal('kafka.strimzi.io/v1beta2'),
  kind: z.literal('KafkaTopic'),
  metadata: z.strictObject({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    namespace: z.string().optional(),
    labels: z
      .record(z.string(), z.string())
      .refine((l) => typeof l['strimzi.io/cluster'] === 'string', 'strimzi.io/cluster label required'),
  }),
  spec: z.strictObject({
    topicName: z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/),
    partitions: z.number().int().min(1),
    replicas: z.number().int().min(1).max(32767),
    config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
});

const SCHEMAS: Record<string, Validator> = {
  'v1/ConfigMap': model(core.ConfigMap),
  'v1/Service': model(core.Service),
  'apps/v1/Deployment': model(apps.Deployment),
  'policy/v1/PodDisruptionBudget': model(policy.PodDisruptionBudget),
  'autoscaling/v2/HorizontalPodAutoscaler': model(autoscaling.HorizontalPodAutoscaler),
  'networking.k8s.io/v1/Ingress': model(networking.Ingress),
  'postgresql.cnpg.io/v1/Cluster': model(cnpg.Cluster),
  'postgresql.cnpg.io/v1/Database': model(cnpg.Database),
  'kafka.strimzi.io/v1beta2/KafkaTopic': (o) => void KafkaTopicSchema.parse(o),
};

// ---- which topics each service consumes, from the code ----------------------------------------------------------------
const contractsByName = new Map(
  Object.entries(contracts).filter(
    (e): e is [string, EventContract] =>
      isDict(e[1]) && typeof e[1]['topic'] === 'string' && typeof e[1]['type'] === 'string',
  ),
);
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sources(full);
    return /(?<!\.spec|\.int-spec|\.e2e-spec)\.ts$/.test(e.name) ? [full] : [];
  });
}
/** Topics a service's consumer group subscribes to: the contracts it registers with `.on(Contract, …)`. */
function consumedTopics(service: HallService): Set<string> {
  if (service === 'supervision') return new Set([...SUPERVISED_EVENTS, ...MATTER_EVENTS].map((c) => c.topic));
  const topics = new Set<string>();
  for (const file of sources(path.join(root, 'apps', service, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\.on\(\s*([A-Z][A-Za-z0-9]*)\s*,/g)) {
      const contract = contractsByName.get(m[1] ?? '');
      if (contract) topics.add(contract.topic);
    }
  }
  return topics;
}
const CONSUMED = new Map(HALL_SERVICES.map((s) => [s, consumedTopics(s)] as const));

/** A container's environment for the contract check: envFrom ConfigMaps resolved, secret references kept as such. */
function containerEnvironment(objects: readonly K8sObject[], container: unknown): Record<string, EnvValue> {
  const env: Record<string, EnvValue> = {};
  for (const from of (at(container, 'envFrom') ?? []) as Dict[]) {
    const name = at(from, 'configMapRef', 'name');
    if (typeof name !== 'string') throw new Error('only configMapRef envFrom is used');
    Object.assign(env, at(get(objects, 'ConfigMap', name), 'data'));
  }
  for (const e of (at(container, 'env') ?? []) as Dict[]) {
    const name = String(e['name']);
    const secret = at(e, 'valueFrom', 'secretKeyRef', 'name');
    if (typeof e['value'] === 'string') env[name] = e['value'];
    else if (typeof secret === 'string')
      env[name] = { secret: `${secret}/${String(at(e, 'valueFrom', 'secretKeyRef', 'key'))}` };
    else throw new Error(`${name}: neither a value nor a secretKeyRef`);
  }
  return env;
}

const container = (deployment: K8sObject, index = 0): Dict =>
  at(deployment, 'spec', 'template', 'spec', 'containers', index) as Dict;

describe('deploy/k8s', () => {
  describe.each(KUSTOMIZATIONS)('%s', (name) => {
    const objects = objectsOf(name);

    it('renders the same objects as kubectl kustomize (when kubectl is installed)', () => {
      const kubectl = spawnSync(
        'kubectl',
        ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', path.join(k8s, name)],
        { encoding: 'utf8' },
      );
      if (kubectl.error) {
        process.stdout.write(`[k8s] kubectl not installed: ${name} rendered by kustomize-subset.ts only\n`);
        return;
      }
      expect(kubectl.stderr).toBe('');
      const theirs = byKindAndName(parseAllDocuments(kubectl.stdout).map((d) => d.toJS() as K8sObject));
      const ours = byKindAndName(objects);
      expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
      for (const [key, object] of ours) expect({ key, object }).toEqual({ key, object: theirs.get(key) });
    });

    it('validates every object against its schema', () => {
      expect(objects.length).toBeGreaterThan(30);
      for (const o of objects) {
        const validate = SCHEMAS[`${o.apiVersion}/${o.kind}`];
        expect({
          object: `${o.apiVersion}/${o.kind}/${o.metadata.name}`,
          schema: validate !== undefined,
        }).toEqual({
          object: `${o.apiVersion}/${o.kind}/${o.metadata.name}`,
          schema: true,
        });
        let error: string | undefined;
        try {
          validate?.(o);
        } catch (err) {
          error = err instanceof Error ? err.message : String(err);
        }
        expect({ object: `${o.kind}/${o.metadata.name}`, error }).toEqual({
          object: `${o.kind}/${o.metadata.name}`,
          error: undefined,
        });
      }
    });

    it('runs no database, broker or object store of its own (operators or external services instead)', () => {
      expect(objects.filter((o) => o.kind === 'StatefulSet' || o.kind === 'PersistentVolumeClaim')).toEqual(
        [],
      );
    });

    it.each(HALL_SERVICES)('%s: the environment passes the service’s own configuration checks', (service) => {
      const c = container(get(objects, 'Deployment', service));
      expect(serviceEnvironmentProblems(service, containerEnvironment(objects, c))).toEqual([]);
      expect(containerEnvironment(objects, c)).toMatchObject({
        SERVICE: service,
        OTEL_SERVICE_NAME: service,
        NODE_ENV: 'production',
        DB: 'pg',
        TRANSPORT: 'kafka',
      });
    });
  });

  describe.each(OVERLAYS)('%s', (name) => {
    const objects = objectsOf(name);

    it('puts everything in one namespace and pulls the images from a registry', () => {
      expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['hall']));
      for (const service of HALL_SERVICES) {
        expect(container(get(objects, 'Deployment', service))['image']).toMatch(
          /^[a-z0-9.-]+\.[a-z]+\/[\w/-]+\/hall-server:\d+\.\d+\.\d+$/,
        );
      }
    });

    describe.each(HALL_SERVICES)('service %s', (service) => {
      const deployment = get(objects, 'Deployment', service);
      const c = container(deployment);
      const podLabels = at(deployment, 'spec', 'template', 'metadata', 'labels') as Record<string, string>;
      const selects = (selector: unknown): boolean =>
        isDict(selector) &&
        Object.entries(selector).length > 0 &&
        Object.entries(selector).every(([k, v]) => podLabels[k] === v);

      it('probes /health/live for liveness and startup, /health for readiness, on the container port', () => {
        expect(at(c, 'ports', 0)).toEqual({ name: 'http', containerPort: 3000 });
        expect(at(c, 'livenessProbe', 'httpGet')).toEqual({
          path: `/api/${service}/health/live`,
          port: 'http',
        });
        expect(at(c, 'startupProbe', 'httpGet')).toEqual({
          path: `/api/${service}/health/live`,
          port: 'http',
        });
        expect(at(c, 'readinessProbe', 'httpGet')).toEqual({ path: `/api/${service}/health`, port: 'http' });
      });

      it('requests CPU and memory and limits memory', () => {
        expect(at(c, 'resources', 'requests', 'cpu')).toMatch(/^\d+m?$/);
        expect(at(c, 'resources', 'requests', 'memory')).toMatch(/^\d+(Mi|Gi)$/);
        expect(at(c, 'resources', 'limits', 'memory')).toMatch(/^\d+(Mi|Gi)$/);
      });

      it('runs as non-root on a read-only root filesystem with a writable /tmp', () => {
        expect(at(deployment, 'spec', 'template', 'spec', 'securityContext')).toMatchObject({
          runAsNonRoot: true,
          runAsUser: 1000,
        });
        expect(at(c, 'securityContext')).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        expect(at(c, 'volumeMounts')).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      });

      it('has a Service and a PodDisruptionBudget selecting its pods', () => {
        expect(selects(at(get(objects, 'Service', service), 'spec', 'selector'))).toBe(true);
        expect(at(get(objects, 'Service', service), 'spec', 'ports', 0)).toMatchObject({
          port: 3000,
          targetPort: 'http',
        });
        const pdb = get(objects, 'PodDisruptionBudget', service);
        expect(selects(at(pdb, 'spec', 'selector', 'matchLabels'))).toBe(true);
        expect(at(pdb, 'spec', 'minAvailable')).toBe(1);
        expect(selects(at(deployment, 'spec', 'selector', 'matchLabels'))).toBe(true);
      });

      it('is scaled by a HorizontalPodAutoscaler within the partitions of every topic it consumes', () => {
        const hpa = get(objects, 'HorizontalPodAutoscaler', service);
        expect(at(hpa, 'spec', 'scaleTargetRef')).toEqual({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: service,
        });
        // The autoscaler owns the replica count: a fixed one in the Deployment would reset it on every apply.
        expect(at(deployment, 'spec', 'replicas')).toBeUndefined();
        const min = Number(at(hpa, 'spec', 'minReplicas'));
        const max = Number(at(hpa, 'spec', 'maxReplicas'));
        expect(min).toBeGreaterThanOrEqual(2); // one pod may be evicted (PDB) while one serves
        expect(max).toBeGreaterThanOrEqual(min);
        for (const topic of CONSUMED.get(service) ?? []) {
          if (topic === contracts.Topics.supervisionCalendar) continue; // one message a year: idle members are fine
          const t = objects.find((o) => o.kind === 'KafkaTopic' && at(o, 'spec', 'topicName') === topic);
          expect({ topic, maxReplicas: max, partitions: at(t, 'spec', 'partitions') }).toEqual({
            topic,
            maxReplicas: max,
            partitions: expect.any(Number) as number,
          });
          expect({ topic, fits: max <= Number(at(t, 'spec', 'partitions')) }).toEqual({ topic, fits: true });
        }
      });

      it('reads its own database through its own secret', () => {
        const env = containerEnvironment(objects, c);
        expect(env['DATABASE_URL']).toEqual({ secret: `hall-db-${service}/url` });
        expect(env['MIGRATION_DATABASE_URL']).toEqual({ secret: `hall-db-${service}/migration-url` });
        const db = objects.find((o) => o.kind === 'Database' && at(o, 'spec', 'name') === service);
        expect(at(db, 'spec', 'owner')).toBe('hall');
        // in a CloudNativePG cluster of these manifests that has the runtime role
        const cluster = get(objects, 'Cluster', String(at(db, 'spec', 'cluster', 'name')));
        expect((at(cluster, 'spec', 'managed', 'roles') as Dict[]).map((r) => r['name'])).toContain(
          'hall_app',
        );
        expect(at(cluster, 'spec', 'bootstrap', 'initdb', 'owner')).toBe('hall');
      });
    });

    it('lists every secret the manifests use, with its keys, in deploy/k8s/README.md', () => {
      const secrets = new Set<string>();
      const keys: Array<{ secret: string; key: string }> = [];
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (isDict(v)) {
          const ref =
            at(v, 'secretKeyRef', 'name') ??
            at(v, 'passwordSecret', 'name') ??
            (isDict(v['secret']) ? v['secret']['name'] : undefined);
          if (typeof ref === 'string') secrets.add(ref);
          const key = at(v, 'secretKeyRef', 'key');
          if (typeof ref === 'string' && typeof key === 'string') keys.push({ secret: ref, key });
          Object.values(v).forEach(walk);
        }
      };
      objects.forEach(walk);
      for (const o of objects)
        if (o.kind === 'Ingress')
          for (const tls of (at(o, 'spec', 'tls') ?? []) as Dict[]) secrets.add(String(tls['secretName']));
      expect(secrets.size).toBeGreaterThan(5);
      const readme = read('deploy/k8s/README.md');
      for (const secret of secrets)
        expect({ secret, documented: readme.includes(`\`${secret}\``) }).toEqual({
          secret,
          documented: true,
        });
      // The row of the secrets table naming a secret names each key read from it.
      for (const { secret, key } of keys) {
        const row =
          readme.split('\n').find((line) => line.startsWith('|') && line.includes(`\`${secret}\``)) ?? '';
        expect({ secret, key, documented: row.includes(`\`${key}\``) }).toEqual({
          secret,
          key,
          documented: true,
        });
      }
    });

    it('gives every Deployment resources, liveness and readiness probes and a PodDisruptionBudget', () => {
      for (const d of objects.filter((o) => o.kind === 'Deployment')) {
        const c0 = container(d);
        expect({
          name: d.metadata.name,
          resources: isDict(at(c0, 'resources', 'requests')),
          live: isDict(c0['livenessProbe']),
          ready: isDict(c0['readinessProbe']),
        }).toEqual({
          name: d.metadata.name,
          resources: true,
          live: true,
          ready: true,
        });
        expect(
          objects.some((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === d.metadata.name),
        ).toBe(true);
      }
    });

    it('creates a topic for every topic of the hall, ordered per key, replicated', () => {
      const topics = objects.filter((o) => o.kind === 'KafkaTopic');
      expect(topics.map((t) => at(t, 'spec', 'topicName')).sort()).toEqual([...ALL_TOPICS].sort());
      for (const t of topics) {
        expect(at(t, 'metadata', 'labels', 'strimzi.io/cluster')).toBe('hall');
        expect(Number(at(t, 'spec', 'replicas'))).toBeGreaterThanOrEqual(3);
        expect(Number(at(t, 'spec', 'config', 'min.insync.replicas'))).toBe(2);
      }
      expect(at(get(objects, 'ConfigMap', 'hall-service-env'), 'data', 'KAFKA_BROKERS')).toBe(
        'hall-kafka-bootstrap:9092',
      );
    });

    it('creates one database per service and one for Keycloak in the CloudNativePG cluster', () => {
      const names = objects.filter((o) => o.kind === 'Database').map((o) => at(o, 'spec', 'name'));
      expect(names.sort()).toEqual([...HALL_SERVICES, 'keycloak'].sort());
      const cluster = get(objects, 'Cluster', 'hall-pg');
      expect(Number(at(cluster, 'spec', 'instances'))).toBeGreaterThanOrEqual(2);
      expect((at(cluster, 'spec', 'managed', 'roles') as Dict[]).map((r) => r['name'])).toEqual(
        expect.arrayContaining(['hall_app', 'keycloak']),
      );
    });

    it('imports the hall realm into Keycloak, whose issuer is the services’ AUTH_SERVER_URL', () => {
      expect(at(get(objects, 'ConfigMap', 'hall-realm'), 'data', 'realm-hall.json')).toBe(
        read('deploy/keycloak/realm-hall.json'),
      );
      const keycloak = get(objects, 'Deployment', 'keycloak');
      const c0 = container(keycloak);
      expect(c0['args']).toEqual(expect.arrayContaining(['--import-realm']));
      expect(c0['volumeMounts']).toContainEqual({
        name: 'realm',
        mountPath: '/opt/keycloak/data/import',
        readOnly: true,
      });
      expect(at(keycloak, 'spec', 'template', 'spec', 'volumes')).toContainEqual({
        name: 'realm',
        configMap: { name: 'hall-realm' },
      });
      const env = Object.fromEntries(
        ((c0['env'] ?? []) as Dict[]).map((e) => [e['name'], e['value'] ?? e['valueFrom']]),
      );
      const serviceEnv = at(get(objects, 'ConfigMap', 'hall-service-env'), 'data') as Dict;
      expect(env['KC_HOSTNAME']).toBe(serviceEnv['AUTH_SERVER_URL']);
      expect(env['KC_DB_URL']).toBe('jdbc:postgresql://hall-pg-rw:5432/keycloak');
      const ingressHost = at(get(objects, 'Ingress', 'hall'), 'spec', 'rules', 0, 'host');
      expect(new URL(String(serviceEnv['AUTH_SERVER_URL'])).host).toBe(ingressHost);
    });

    it('sends traces through the collector, configured as in compose, to the Service `jaeger`', () => {
      expect(at(get(objects, 'ConfigMap', 'hall-otel-collector'), 'data', 'config.yaml')).toBe(
        read('deploy/otel/collector.yaml'),
      );
      expect(read('deploy/otel/collector.yaml')).toMatch(/endpoint: jaeger:4317/);
      expect(get(objects, 'Service', 'jaeger')).toBeDefined();
      const serviceEnv = at(get(objects, 'ConfigMap', 'hall-service-env'), 'data') as Dict;
      expect(serviceEnv['OTEL_EXPORTER_OTLP_ENDPOINT']).toBe('http://otel-collector:4318');
      expect(at(get(objects, 'Service', 'otel-collector'), 'spec', 'ports')).toContainEqual(
        expect.objectContaining({ port: 4318 }),
      );
    });

    it('routes the public origin like compose’s nginx', () => {
      const conf = read('deploy/nginx/nginx.conf').replace(/^\s*#.*$/gm, '');
      const proxied = [
        ...conf.matchAll(/location\s+(\/[\w/-]*)\s*\{\s*set\s+\$\w+\s+http:\/\/([\w-]+):(\d+);/g),
      ].map((m) => ({
        path: m[1] ?? '',
        service: m[2] ?? '',
        port: Number(m[3]),
      }));
      expect(proxied.length).toBe(HALL_SERVICES.length + 2);
      const ingress = get(objects, 'Ingress', 'hall');
      const paths = (at(ingress, 'spec', 'rules', 0, 'http', 'paths') as Dict[]).map((p) => ({
        path: String(p['path']),
        pathType: p['pathType'],
        service: String(at(p, 'backend', 'service', 'name')),
        port: Number(at(p, 'backend', 'service', 'port', 'number')),
      }));
      for (const route of proxied) expect(paths).toContainEqual({ ...route, pathType: 'Prefix' });
      // Everything else (the web UI, and unknown /api/ paths answered with the hall's 404) goes to the web Service.
      expect(paths).toContainEqual({ path: '/', pathType: 'Prefix', service: 'web', port: 8080 });
      expect(paths.length).toBe(proxied.length + 1);
      for (const p of paths) {
        const service = get(objects, 'Service', p.service);
        expect((at(service, 'spec', 'ports') as Dict[]).map((x) => x['port'])).toContain(p.port);
      }
      const web = read('deploy/nginx/web.conf');
      expect(web).toMatch(/location \/api\/ \{\s*default_type application\/json;\s*return 404/);
      expect(conf).toMatch(/location \/api\/ \{\s*default_type application\/json;\s*return 404/);
    });
  });

  it('sizes the province above the city', () => {
    const max = (k: (typeof OVERLAYS)[number], s: string): number =>
      Number(at(get(objectsOf(k), 'HorizontalPodAutoscaler', s), 'spec', 'maxReplicas'));
    for (const s of HALL_SERVICES)
      expect(max('overlays/province', s)).toBeGreaterThanOrEqual(max('overlays/city', s));
    const partitions = (k: (typeof OVERLAYS)[number]): number =>
      Number(at(get(objectsOf(k), 'KafkaTopic', 'hall-intake-application-v1'), 'spec', 'partitions'));
    expect(partitions('overlays/province')).toBeGreaterThan(partitions('overlays/city'));
  });

  it('carries the replica bounds that docs/operations/scaling.md derives', () => {
    const doc = read('docs/operations/scaling.md');
    for (const s of HALL_SERVICES) {
      const row =
        doc.split('\n').find((line) => line.startsWith(`| ${s} `) && /\*\*\d+–\d+\*\*/.test(line)) ?? '';
      const bounds = [...row.matchAll(/\*\*(\d+)–(\d+)\*\*/g)].map((m) => [Number(m[1]), Number(m[2])]);
      const hpa = (k: (typeof OVERLAYS)[number]): number[] => {
        const h = get(objectsOf(k), 'HorizontalPodAutoscaler', s);
        return [Number(at(h, 'spec', 'minReplicas')), Number(at(h, 'spec', 'maxReplicas'))];
      };
      expect({ service: s, bounds }).toEqual({
        service: s,
        bounds: [hpa('overlays/city'), hpa('overlays/province')],
      });
    }
  });

  it('knows which topics each service consumes (from the code), and every consumed topic exists', () => {
    expect(CONSUMED.get('approval')).toEqual(
      new Set([
        contracts.Topics.intakeApplication,
        contracts.Topics.catalogImplementation,
        contracts.Topics.supervisionCalendar,
      ]),
    );
    for (const [service, topics] of CONSUMED) {
      // catalog produces only; disclosure consumes only the working calendar administered in supervision
      if (service === 'catalog') expect(topics.size).toBe(0);
      else if (service === 'disclosure')
        expect(topics).toEqual(new Set([contracts.Topics.supervisionCalendar]));
      else expect({ service, some: topics.size > 0 }).toEqual({ service, some: true });
      for (const t of topics) expect(ALL_TOPICS).toContain(t);
    }
  });
});
