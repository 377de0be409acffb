import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { HALL_SERVICES, REQUIRED_SERVICE_ENV } from './compose.contract.js';
import { serviceEnvironmentProblems, type EnvValue } from './env-contract.js';

// The contract lives in compose.contract.ts (side-effect free to import); re-exported here as the constant
// this test checks against.
export { HALL_SERVICES, REQUIRED_SERVICE_ENV } from './compose.contract.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string): string => readFileSync(`${root}${path}`, 'utf8');

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function dict(value: unknown, what: string): Dict {
  if (!isDict(value)) throw new Error(`${what} is not a mapping`);
  return value;
}

/** Compose interpolation with the defaults written in the file (the environment is ignored on purpose). */
function interpolate(value: string): string {
  return value
    .replace(
      /(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?]([^}]*))?\}/g,
      (_m, _name: string, fallback?: string) => fallback ?? '',
    )
    .replace(/\$\$/g, '$');
}

const compose = dict(parse(read('docker-compose.yml'), { merge: true }), 'docker-compose.yml');
const services = dict(compose['services'], 'services');

function service(name: string): Dict {
  return dict(services[name], `service ${name}`);
}

/** A service's environment as a map, whether written as a mapping or as a KEY=value list. */
function environment(name: string): Record<string, string> {
  const raw = service(name)['environment'];
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const text = String(entry);
      const eq = text.indexOf('=');
      if (eq > 0) out[text.slice(0, eq)] = interpolate(text.slice(eq + 1));
    }
  } else if (isDict(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      // Compose accepts strings, numbers and booleans as values; anything else is a mistake in the file.
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        out[key] = interpolate(String(value));
      } else if (value !== null) {
        throw new Error(`${name}.environment.${key} is not a scalar`);
      }
    }
  }
  return out;
}

/**
 * A service's environment for the shared contract check: `${VAR:?message}` — a value the operator must supply, the
 * file has none — is a secret reference; everything else is interpolated with the file's defaults.
 */
function contractEnvironment(name: string): Record<string, EnvValue> {
  const raw = dict(service(name)['environment'], `${name}.environment`);
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => {
      const text = String(value);
      const required = /^\$\{([A-Za-z_][A-Za-z0-9_]*):?\?[^}]*\}$/.exec(text);
      return [key, required ? { secret: required[1] ?? key } : interpolate(text)];
    }),
  );
}

function dependsOn(name: string): Record<string, string> {
  const raw = service(name)['depends_on'];
  if (raw === undefined) return {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((d) => [String(d), 'service_started']));
  return Object.fromEntries(
    Object.entries(dict(raw, `${name}.depends_on`)).map(([dep, cond]) => [
      dep,
      isDict(cond) && typeof cond['condition'] === 'string' ? cond['condition'] : 'service_started',
    ]),
  );
}

function volumes(name: string): string[] {
  const raw = service(name)['volumes'];
  return Array.isArray(raw) ? raw.map((v) => interpolate(String(v))) : [];
}

/** `name:tag` with a real tag (not latest), or `name@sha256:<digest>` (optionally with a tag as well). */
function isPinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const lastSegment = image.split('/').pop() ?? '';
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return false;
  const tag = lastSegment.slice(colon + 1);
  return tag.length > 0 && tag !== 'latest' && !tag.includes('$');
}

const infrastructure = ['postgres', 'kafka', 'minio', 'keycloak', 'nginx', 'otel-collector', 'jaeger'];

describe('docker-compose.yml', () => {
  it('runs the six services and the infrastructure', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining([...HALL_SERVICES, ...infrastructure]));
  });

  it('pins every image to a tag that is not latest, or to a digest', () => {
    const images = Object.entries(services).flatMap(([name, def]) => {
      const image = dict(def, name)['image'];
      return typeof image === 'string' ? [[name, interpolate(image)] as const] : [];
    });
    expect(images.length).toBeGreaterThanOrEqual(infrastructure.length);
    for (const [name, image] of images) {
      expect({ name, image, pinned: isPinned(image) }).toEqual({ name, image, pinned: true });
    }
  });

  describe.each(HALL_SERVICES)('service %s', (name) => {
    it('defines every variable of the configuration contract', () => {
      const env = environment(name);
      const missing = REQUIRED_SERVICE_ENV.filter((key) => env[key] === undefined || env[key] === '');
      expect(missing).toEqual([]);
    });

    it('passes the service’s own configuration checks (deploy/env-contract.ts, shared with Kubernetes)', () => {
      expect(serviceEnvironmentProblems(name, contractEnvironment(name))).toEqual([]);
    });

    it('gets its own database, its own service name and the shared infrastructure addresses', () => {
      const env = environment(name);
      expect(env).toMatchObject({
        NODE_ENV: 'production',
        PORT: '3000',
        HOST: '0.0.0.0',
        DB: 'pg',
        // Runs as hall_app (data privileges only), migrates as the owner hall (issue 10 §12).
        DATABASE_URL: `postgresql://hall_app:hall_app@postgres:5432/${name}`,
        MIGRATION_DATABASE_URL: `postgresql://hall:hall@postgres:5432/${name}`,
        TRANSPORT: 'kafka',
        KAFKA_BROKERS: 'kafka:9092',
        AUTH_REALM: 'hall',
        AUTH_CLIENT_ID: 'hall-api',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
        OTEL_SERVICE_NAME: name,
        LOG_LEVEL: 'info',
        S3_ENDPOINT: 'http://minio:9000',
        S3_REGION: 'us-east-1',
        SERVICE: name,
      });
      const minio = environment('minio');
      expect(env['S3_ACCESS_KEY']).toBe(minio['MINIO_ROOT_USER']);
      expect(env['S3_SECRET_KEY']).toBe(minio['MINIO_ROOT_PASSWORD']);
    });

    it('is built from the Dockerfile and stays scalable (no container_name, no host ports)', () => {
      const def = service(name);
      expect(dict(def['build'], `${name}.build`)).toMatchObject({ context: '.', dockerfile: 'Dockerfile' });
      expect(def['container_name']).toBeUndefined();
      expect(def['ports']).toBeUndefined();
    });

    it('runs on a read-only root filesystem with a writable /tmp only', () => {
      const def = service(name);
      expect(def['read_only']).toBe(true);
      expect(def['tmpfs']).toEqual(['/tmp']);
    });

    it('has a healthcheck on /api/<service>/health and waits for healthy infrastructure', () => {
      const healthcheck = dict(service(name)['healthcheck'], `${name}.healthcheck`);
      const test = JSON.stringify(healthcheck['test']);
      expect(test).toContain("'/api/'+process.env.SERVICE+'/health'");
      expect(dependsOn(name)).toMatchObject({
        postgres: 'service_healthy',
        kafka: 'service_healthy',
        minio: 'service_healthy',
        keycloak: 'service_healthy',
      });
    });
  });

  it('gives the infrastructure healthchecks where the images allow one', () => {
    for (const name of ['postgres', 'kafka', 'minio', 'keycloak', 'nginx']) {
      expect({ name, healthcheck: isDict(service(name)['healthcheck']) }).toEqual({
        name,
        healthcheck: true,
      });
    }
  });

  it('only waits for service_healthy on services that have a healthcheck, and only on services that exist', () => {
    for (const name of Object.keys(services)) {
      for (const [dep, condition] of Object.entries(dependsOn(name))) {
        expect({ name, dep, exists: dep in services }).toEqual({ name, dep, exists: true });
        if (condition === 'service_healthy') {
          expect({ name, dep, healthcheck: isDict(service(dep)['healthcheck']) }).toEqual({
            name,
            dep,
            healthcheck: true,
          });
        }
      }
    }
  });

  it('issues tokens for one public origin that browsers and services both reach through nginx', () => {
    const issuerBase = environment('keycloak')['KC_HOSTNAME'];
    expect(issuerBase).toBe('http://hall.localhost:8000');
    for (const name of HALL_SERVICES) expect(environment(name)['AUTH_SERVER_URL']).toBe(issuerBase);

    const publicUrl = new URL(issuerBase ?? '');
    const nginx = service('nginx');
    const aliases = dict(dict(nginx['networks'], 'nginx.networks')['default'], 'nginx.networks.default')[
      'aliases'
    ];
    expect((aliases as unknown[]).map((a) => interpolate(String(a)))).toContain(publicUrl.hostname);
    expect(nginx['ports']).toContain(`${publicUrl.port}:${publicUrl.port}`);
    expect(read('deploy/nginx/nginx.conf')).toMatch(new RegExp(`^\\s*listen\\s+${publicUrl.port};`, 'm'));
  });

  it('imports the hall realm into Keycloak', () => {
    const keycloak = service('keycloak');
    expect(keycloak['command']).toEqual(expect.arrayContaining(['start-dev', '--import-realm']));
    expect(volumes('keycloak')).toContainEqual(
      expect.stringMatching(/^\.\/deploy\/keycloak:\/opt\/keycloak\/data\/import(:ro)?$/),
    );
    expect(environment('keycloak')).toMatchObject({
      KC_DB: 'postgres',
      KC_DB_URL: 'jdbc:postgresql://postgres:5432/keycloak',
    });
  });

  it('runs Kafka as a single KRaft node advertised at the services’ broker address', () => {
    const env = environment('kafka');
    expect(env['KAFKA_PROCESS_ROLES']?.split(',').sort()).toEqual(['broker', 'controller']);
    expect(env['KAFKA_ADVERTISED_LISTENERS']).toBe('PLAINTEXT://kafka:9092');
    expect(env['KAFKA_ZOOKEEPER_CONNECT']).toBeUndefined();
    expect(Number(env['KAFKA_NUM_PARTITIONS'])).toBeGreaterThan(1);
  });

  it('sends traces through the collector to Jaeger', () => {
    expect(volumes('otel-collector')).toContainEqual(
      expect.stringMatching(/^\.\/deploy\/otel\/collector\.yaml:/),
    );
    const collector = dict(parse(read('deploy/otel/collector.yaml')), 'collector.yaml');
    const otlp = dict(dict(collector['receivers'], 'receivers')['otlp'], 'otlp');
    const http = dict(dict(otlp['protocols'], 'protocols')['http'], 'http');
    expect(http['endpoint']).toBe('0.0.0.0:4318');
    const exporters = dict(collector['exporters'], 'exporters');
    const traces = dict(
      dict(dict(collector['service'], 'service')['pipelines'], 'pipelines')['traces'],
      'traces',
    );
    expect(traces['receivers']).toEqual(['otlp']);
    const exported = (traces['exporters'] as string[]).map((e) => dict(exporters[e], e)['endpoint']);
    expect(exported).toContain('jaeger:4317');
    for (const processor of traces['processors'] as string[])
      expect(dict(collector['processors'], 'processors')).toHaveProperty([processor]);
  });
});

describe('deploy/nginx/nginx.conf', () => {
  const conf = read('deploy/nginx/nginx.conf').replace(/^\s*#.*$/gm, '');
  const location = (path: string): string | undefined => {
    const start = conf.search(new RegExp(`location\\s+${path.replace(/[/.]/g, '\\$&')}\\s*\\{`));
    if (start < 0) return undefined;
    return conf.slice(start, conf.indexOf('}', start) + 1);
  };

  it.each(HALL_SERVICES)('routes /api/%s/ to the service', (name) => {
    const block = location(`/api/${name}/`);
    expect(block).toBeDefined();
    expect(block).toMatch(/proxy_pass\s/);
    expect(block).toContain(`http://${name}:3000`);
  });

  it('routes /realms/ to Keycloak', () => {
    expect(location('/realms/')).toContain('http://keycloak:8080');
  });

  it('serves the web build mounted from apps/web/dist', () => {
    expect(conf).toMatch(/^\s*root\s+\/usr\/share\/nginx\/html;/m);
    expect(location('/')).toContain('/index.html');
    expect(volumes('nginx')).toContainEqual(
      expect.stringMatching(/^\.\/apps\/web\/dist:\/usr\/share\/nginx\/html(:ro)?$/),
    );
    expect(volumes('nginx')).toContainEqual(
      expect.stringMatching(/^\.\/deploy\/nginx\/nginx\.conf:\/etc\/nginx\/nginx\.conf(:ro)?$/),
    );
  });
});

describe.each(['deploy/nginx/nginx.conf', 'deploy/nginx/web.conf'])('%s: the web assets', (file) => {
  it("sends the build's gzip copies (gzip_static, Vary) and caches the hashed assets for good", () => {
    const conf = read(file).replace(/^\s*#.*$/gm, '');
    const start = conf.search(/location\s+\/assets\/\s*\{/);
    expect(start).toBeGreaterThan(-1);
    const block = conf.slice(start, conf.indexOf('}', start) + 1);
    expect(block).toMatch(/^\s*gzip_static\s+on;/m);
    expect(block).toMatch(/^\s*gzip_vary\s+on;/m);
    expect(block).toContain('add_header Cache-Control "public, max-age=31536000, immutable";');
  });
});

describe('deploy/postgres/init.sql', () => {
  const sql = read('deploy/postgres/init.sql').replace(/--.*$/gm, '');

  it.each([...HALL_SERVICES, 'keycloak'])('creates the %s database', (db) => {
    expect(sql).toMatch(new RegExp(`CREATE\\s+DATABASE\\s+"?${db}"?[\\s;]`, 'i'));
  });

  it('is mounted as a first-start init script', () => {
    expect(volumes('postgres')).toContainEqual(
      expect.stringMatching(
        /^\.\/deploy\/postgres\/init\.sql:\/docker-entrypoint-initdb\.d\/[\w-]+\.sql(:ro)?$/,
      ),
    );
    expect(environment('postgres')).toMatchObject({ POSTGRES_USER: 'hall', POSTGRES_PASSWORD: 'hall' });
  });
});
