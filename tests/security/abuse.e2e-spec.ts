/**
 * Abuse (issue 10, item 14): security headers on every API response (helmet); per-IP rate limits on the public
 * progress query (intake), licence verification (licence) and login (dev identity provider: login form and password
 * grant), keyed on the real client address: `X-Forwarded-For` is read only as far as `TRUST_PROXY_HOPS` trusted
 * proxies reach, so a spoofed entry neither resets a bucket nor picks another one.
 */
import { startDevIdentityProvider, type RunningDevIdentityProvider } from '@hall/auth/dev';
import { DEFAULT_HTTP_SECURITY, type HttpSecurityOptions } from '@hall/platform';
import { type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { serviceNamed, startService } from './support/services.js';

const LIMIT = 5;
const security = (trustProxyHops: number): HttpSecurityOptions => ({
  ...DEFAULT_HTTP_SECURITY,
  trustProxyHops,
  publicLookupMax: LIMIT,
  rateLimitWindowMs: 60_000,
});
const progress = '/api/intake/public/progress?no=202601010000000000001&code=ABCD-EFGH';
let spoofCounter = 0;
/** A different made-up address every call (what an attacker rotates to dodge a per-IP limit). */
const spoofed = (): string => `198.51.100.${(spoofCounter++ % 250) + 1}`;

const expectRateLimited = (res: request.Response): void => {
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
  expect(res.body.message).toMatch(/retry in \d+ s/);
  expect(typeof res.body.correlationId).toBe('string');
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
};

describe('security headers and rate limits of the services', () => {
  let direct: ServiceHarness;
  let proxied: ServiceHarness;

  beforeAll(async () => {
    direct = await startService(serviceNamed('intake'), { security: security(0) });
    proxied = await startService(serviceNamed('intake'), { security: security(1) });
  }, 120_000);
  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
  });

  it('every API response carries the security headers (helmet); the OpenAPI UI still loads its own scripts', async () => {
    for (const path of ['/api/intake/health/live', '/api/intake/notifications', '/api/intake/nowhere']) {
      const res = await request(direct.url).get(path);
      expect([path, res.headers['x-content-type-options']]).toEqual([path, 'nosniff']);
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
      expect(res.headers['content-security-policy']).toContain("object-src 'self'"); // Chrome's PDF viewer is an <embed>
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
    const docs = await request(direct.url).get('/api/intake/docs').redirects(1).expect(200);
    expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
    const scripts = [...String(docs.text).matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) expect(src.startsWith('http')).toBe(false); // same origin: allowed by script-src 'self'
  });

  it('public progress query: over the limit → 429 RATE_LIMITED; rotating a spoofed X-Forwarded-For does not reset it', async () => {
    for (let i = 0; i < LIMIT; i++) {
      const res = await request(direct.url).get(progress).set('x-forwarded-for', spoofed());
      expect(res.status).toBe(404); // unknown application: answered, not limited
    }
    expectRateLimited(await request(direct.url).get(progress));
    for (let i = 0; i < 3; i++)
      expectRateLimited(await request(direct.url).get(progress).set('x-forwarded-for', spoofed()));
    expectRateLimited(
      await request(direct.url)
        .get(progress)
        .set('x-forwarded-for', '127.0.0.2')
        .set('x-real-ip', '10.0.0.9'),
    );
    // Other routes are not limited.
    expect((await request(direct.url).get('/api/intake/public/decisions')).status).toBe(200);
  });

  it('behind 1 trusted proxy: the right-most address the proxy appended is the key; entries left of it are ignored', async () => {
    const client = '203.0.113.7';
    for (let i = 0; i < LIMIT; i++) {
      // The client forged the left part; our proxy (the socket peer, trusted) appended the address it saw.
      const res = await request(proxied.url).get(progress).set('x-forwarded-for', `${spoofed()}, ${client}`);
      expect(res.status).toBe(404);
    }
    expectRateLimited(
      await request(proxied.url)
        .get(progress)
        .set('x-forwarded-for', `${spoofed()}, ${spoofed()}, ${client}`),
    );
    expectRateLimited(await request(proxied.url).get(progress).set('x-forwarded-for', client));
    // Another client behind the same proxy has its own bucket.
    expect(
      (await request(proxied.url).get(progress).set('x-forwarded-for', `${client}, 203.0.113.8`)).status,
    ).toBe(404);
  });
});

describe('rate limit of licence verification', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startService(serviceNamed('licence'), { security: security(0) });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('by identifier and by QR payload: each over its limit → 429, spoofed X-Forwarded-For ignored', async () => {
    for (let i = 0; i < LIMIT; i++) {
      const res = await request(h.url).get('/api/licence/verify/HL.X.Y.Z').set('x-forwarded-for', spoofed());
      expect(res.status).toBeLessThan(429);
    }
    expectRateLimited(
      await request(h.url).get('/api/licence/verify/HL.X.Y.Z').set('x-forwarded-for', spoofed()),
    );
    for (let i = 0; i < LIMIT; i++) {
      const res = await request(h.url)
        .post('/api/licence/verify')
        .set('x-forwarded-for', spoofed())
        .send({ payload: 'HL1.forged' });
      expect(res.status).toBeLessThan(429);
    }
    expectRateLimited(
      await request(h.url)
        .post('/api/licence/verify')
        .set('x-forwarded-for', spoofed())
        .send({ payload: 'HL1.forged' }),
    );
  });
});

describe('login rate limit of the dev identity provider', () => {
  let idp: RunningDevIdentityProvider;
  let proxiedIdp: RunningDevIdentityProvider;
  beforeAll(async () => {
    idp = await startDevIdentityProvider({ loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    proxiedIdp = await startDevIdentityProvider({
      loginRateLimit: { max: 3, timeWindowMs: 60_000 },
      trustProxyHops: 1,
    });
  });
  afterAll(async () => {
    await idp?.close();
    await proxiedIdp?.close();
  });

  const passwordGrant = (base: RunningDevIdentityProvider, password: string, xff?: string) => {
    const req = request(base.realmUrl).post('/protocol/openid-connect/token').type('form');
    if (xff) void req.set('x-forwarded-for', xff);
    return req.send({ grant_type: 'password', client_id: 'hall-cli', username: 'zhangsan', password });
  };

  it('password guessing: after the limit even the right password gets 429 RATE_LIMITED; spoofed X-Forwarded-For ignored', async () => {
    for (let i = 0; i < 3; i++) expect((await passwordGrant(idp, `guess-${i}`, spoofed())).status).toBe(401);
    const limited = await passwordGrant(idp, 'demo', spoofed());
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The login form counts in its own bucket, with the same rule.
    for (let i = 0; i < 3; i++) {
      const res = await request(idp.realmUrl)
        .post('/login-actions/authenticate')
        .type('form')
        .set('x-forwarded-for', spoofed())
        .send({ tab_id: 'x', username: 'zhangsan', password: 'x' });
      expect(res.status).toBe(400);
    }
    expect(
      (
        await request(idp.realmUrl)
          .post('/login-actions/authenticate')
          .type('form')
          .send({ tab_id: 'x', username: 'zhangsan', password: 'x' })
      ).status,
    ).toBe(429);
  });

  it('refresh and other non-password grants are not counted', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await request(proxiedIdp.realmUrl)
        .post('/protocol/openid-connect/token')
        .type('form')
        .send({ grant_type: 'refresh_token', client_id: 'hall-cli', refresh_token: 'x' });
      expect(res.status).toBe(400);
    }
  });

  it('behind 1 trusted proxy the right-most address is the key', async () => {
    for (let i = 0; i < 3; i++)
      expect((await passwordGrant(proxiedIdp, 'wrong', `${spoofed()}, 203.0.113.20`)).status).toBe(401);
    expect((await passwordGrant(proxiedIdp, 'demo', `${spoofed()}, 203.0.113.20`)).status).toBe(429);
    expect((await passwordGrant(proxiedIdp, 'demo', '203.0.113.21')).status).toBe(200);
  });
});
