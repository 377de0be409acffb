/**
 * Token attacks against a running service (issue 10, item 9): every forged, stale or foreign access token gets
 * 401 `AUTH_TOKEN_INVALID` from the real service (intake, route `GET /api/intake/notifications`, any role). The
 * realm's own signing key is used where only the claim under test is wrong, so each case fails for its reason.
 * Header-based key discovery (`jku`, `x5u`, `jwk`, `x5c`) is never followed: the attacker's key server must see
 * no request, and such headers are refused even on a token signed by the realm key.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { ServiceHarness } from '@hall/platform/testing';
import {
  decodeJwt,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JWTPayload,
} from 'jose';
import request from 'supertest';
import { serviceNamed, startService } from './support/services.js';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowS = (): number => Math.floor(Date.now() / 1000);

describe('token attacks on a running service', () => {
  let dir: string;
  let h: ServiceHarness;
  let realmKey: CryptoKey;
  let realmKid: string;
  let attackerKey: CryptoKey;
  let attackerJwks: unknown;
  let keyServer: Server;
  let keyServerUrl: string;
  let keyServerHits = 0;
  let valid: string;
  let claims: JWTPayload;

  const route = '/api/intake/notifications';
  const call = (token: string) => request(h.url).get(route).set('authorization', `Bearer ${token}`);
  const expect401 = async (token: string): Promise<void> => {
    const res = await call(token);
    expect([res.status, res.body.code]).toEqual([401, 'AUTH_TOKEN_INVALID']);
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  };
  const sign = (
    payload: Record<string, unknown>,
    header: Record<string, unknown> = {},
    key: CryptoKey = realmKey,
  ): Promise<string> =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: realmKid, ...header }).sign(key);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hall-sec-tokens-'));
    const keyFile = path.join(dir, 'realm-key.json');
    h = await startService(serviceNamed('intake'), { idp: { keyFile } });
    const stored = JSON.parse(await readFile(keyFile, 'utf8')) as { kid: string } & Record<string, string>;
    realmKid = stored.kid;
    const imported = await importJWK(stored, 'RS256');
    if (imported instanceof Uint8Array) throw new Error('unexpected symmetric key');
    realmKey = imported;
    const pair = await generateKeyPair('RS256', { extractable: true });
    attackerKey = pair.privateKey;
    attackerJwks = {
      keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'attacker', use: 'sig', alg: 'RS256' }],
    };
    keyServer = createServer((_req, res) => {
      keyServerHits += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(attackerJwks));
    });
    await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
    const addr = keyServer.address();
    keyServerUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/jwks.json`;
    valid = await h.tokenFor('zhangsan');
    claims = decodeJwt(valid);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await new Promise<void>((resolve) => (keyServer ? keyServer.close(() => resolve()) : resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('control: the genuine token and a re-signed copy of its claims are accepted', async () => {
    expect((await call(valid)).status).toBe(200);
    expect((await call(await sign({ ...claims }))).status).toBe(200);
  });

  it('alg none (with and without a signature part)', async () => {
    for (const alg of ['none', 'None', 'NONE']) {
      await expect401(`${b64({ alg, typ: 'JWT', kid: realmKid })}.${b64(claims)}.`);
      await expect401(`${b64({ alg, typ: 'JWT', kid: realmKid })}.${b64(claims)}.AAAA`);
    }
  });

  it('HS256 signed with the realm public key (PEM, DER base64, JWK modulus) as the HMAC secret', async () => {
    const realm = (await (await fetch(h.realmUrl)).json()) as { public_key: string };
    const jwks = (await (await fetch(`${h.realmUrl}/protocol/openid-connect/certs`)).json()) as {
      keys: Array<{ n: string }>;
    };
    const pem = `-----BEGIN PUBLIC KEY-----\n${realm.public_key.match(/.{1,64}/g)?.join('\n')}\n-----END PUBLIC KEY-----\n`;
    const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: realmKid })}.${b64(claims)}`;
    for (const secret of [pem, realm.public_key, jwks.keys[0]?.n ?? '']) {
      expect(secret.length).toBeGreaterThan(100);
      await expect401(`${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`);
    }
  });

  it('unknown kid, and the realm kid on a token signed by another key', async () => {
    await expect401(await sign({ ...claims }, { kid: 'attacker' }, attackerKey));
    await expect401(await sign({ ...claims }, { kid: 'no-such-key' }));
    await expect401(await sign({ ...claims }, {}, attackerKey));
  });

  it('jku / x5u / jwk / x5c headers pointing at the attacker key: refused, and never fetched', async () => {
    const jwk = (attackerJwks as { keys: unknown[] }).keys[0];
    await expect401(await sign({ ...claims }, { kid: 'attacker', jku: keyServerUrl }, attackerKey));
    await expect401(await sign({ ...claims }, { kid: 'attacker', x5u: keyServerUrl }, attackerKey));
    await expect401(await sign({ ...claims }, { kid: 'attacker', jwk }, attackerKey));
    await expect401(
      await sign(
        { ...claims },
        { kid: 'attacker', x5c: ['MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'] },
        attackerKey,
      ),
    );
    // Even signed by the realm key, a token carrying key-location headers is not a token our realm issues.
    await expect401(await sign({ ...claims }, { jku: keyServerUrl }));
    await expect401(await sign({ ...claims }, { x5u: keyServerUrl }));
    expect(keyServerHits).toBe(0);
  });

  it('expired, not yet valid, missing exp', async () => {
    await expect401(await sign({ ...claims, iat: nowS() - 600, exp: nowS() - 1 }));
    await expect401(await sign({ ...claims, nbf: nowS() + 3600 }));
    const { exp: _exp, ...noExp } = claims;
    await expect401(await sign(noExp));
  });

  it('wrong issuer, wrong audience, wrong token type', async () => {
    await expect401(await sign({ ...claims, iss: 'http://evil.example/realms/hall' }));
    await expect401(await sign({ ...claims, iss: h.realmUrl.replace('/realms/hall', '/realms/other') }));
    await expect401(await sign({ ...claims, aud: ['account'] }));
    await expect401(await sign({ ...claims, aud: 'some-other-api' }));
    await expect401(await sign({ ...claims, typ: 'Refresh' }));
    await expect401(await sign({ ...claims, typ: 'ID' }));
  });

  it('tampered payload keeping the original signature (role escalation, other subject, longer expiry)', async () => {
    const [head, , sig] = valid.split('.');
    for (const change of [
      { realm_access: { roles: ['applicant', 'admin', 'clerk'] } },
      { sub: '00000000-0000-4000-8000-000000000000', preferred_username: 'admin' },
      { exp: nowS() + 86_400 },
    ]) {
      await expect401(`${head}.${b64({ ...claims, ...change })}.${sig}`);
    }
    // One flipped signature byte.
    const flipped = `${sig?.slice(0, 10)}${sig?.[10] === 'A' ? 'B' : 'A'}${sig?.slice(11)}`;
    await expect401(`${head}.${valid.split('.')[1]}.${flipped}`);
  });
});
