import { createHmac } from 'node:crypto';
import { jest } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Controller, Get, type LoggerService, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { decodeJwt, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import request from 'supertest';
import { fetchTokenWithPassword, loginWithAuthorizationCode } from '../dev-idp/dev-idp.client.js';
import { startDevIdentityProvider, type RunningDevIdentityProvider } from '../dev-idp/dev-idp.server.js';
import { TokenVerificationError, TokenVerifier, type TokenRejectReason } from '../keycloak/token.verifier.js';
import { Role } from '../roles.js';
import { Authenticated, CurrentUser, Public, Roles } from './auth.decorators.js';
import { AuthModule } from './auth.module.js';

@Controller()
class TestController {
  @Get('public')
  @Public()
  open(): { ok: true } {
    return { ok: true };
  }

  @Get('me')
  @Authenticated()
  me(@CurrentUser() user: CurrentUser): CurrentUser {
    return user;
  }

  @Get('window')
  @Roles(Role.Clerk, Role.Approver)
  window(@CurrentUser('username') username: string): { username: string } {
    return { username };
  }

  @Get('admin')
  @Roles(Role.Admin)
  admin(): { ok: true } {
    return { ok: true };
  }

  @Get('undeclared')
  undeclared(): { ok: true } {
    return { ok: true };
  }
}

@Controller('supervision')
@Roles(Role.Supervisor)
class SupervisionController {
  @Get()
  list(): { ok: true } {
    return { ok: true };
  }

  @Get('ratings')
  @Public()
  ratings(): { ok: true } {
    return { ok: true };
  }
}

class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown): void {
    this.lines.push(`log ${String(message)}`);
  }
  error(message: unknown): void {
    this.lines.push(`error ${String(message)}`);
  }
  warn(message: unknown): void {
    this.lines.push(`warn ${String(message)}`);
  }
  debug(message: unknown): void {
    this.lines.push(`debug ${String(message)}`);
  }
  verbose(): void {}
}

async function createApp(verifier: TokenVerifier, logger: LoggerService): Promise<NestFastifyApplication> {
  @Module({
    imports: [AuthModule.forRoot({ verifier })],
    controllers: [TestController, SupervisionController],
  })
  class TestAppModule {}
  const app = await NestFactory.create<NestFastifyApplication>(TestAppModule as Type, new FastifyAdapter(), {
    logger,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('AuthGuard with TokenVerifier (keycloak-connect) against the dev identity provider', () => {
  let dir: string;
  let idp: RunningDevIdentityProvider;
  let verifier: TokenVerifier;
  let app: NestFastifyApplication;
  let logger: CapturingLogger;
  let idpKey: CryptoKey;
  let kid: string;
  let applicantToken: string;
  let template: JWTPayload;

  const get = (url: string, token?: string): request.Test => {
    const req = request(app.getHttpServer()).get(url);
    return token === undefined ? req : req.set('authorization', `Bearer ${token}`);
  };

  /** Signs claims like the IdP's (with the IdP's own key unless told otherwise). */
  const forge = (
    overrides: Record<string, unknown>,
    opts: { key?: CryptoKey; kid?: string; drop?: string[] } = {},
  ): Promise<string> => {
    const payload: Record<string, unknown> = { ...template, ...overrides };
    for (const claim of opts.drop ?? []) delete payload[claim];
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: opts.kid ?? kid })
      .sign(opts.key ?? idpKey);
  };

  const nowS = (): number => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hall-auth-'));
    const keyFile = path.join(dir, 'dev-idp.jwk.json');
    idp = await startDevIdentityProvider({ keyFile });
    const stored = JSON.parse(await readFile(keyFile, 'utf8')) as { kid: string } & Record<string, string>;
    kid = stored.kid;
    const imported = await importJWK(stored, 'RS256');
    if (imported instanceof Uint8Array) throw new Error('unexpected key');
    idpKey = imported;

    verifier = new TokenVerifier({ realmUrl: idp.realmUrl, clientId: 'hall-api' });
    logger = new CapturingLogger();
    app = await createApp(verifier, logger);
    applicantToken = (
      await fetchTokenWithPassword({ realmUrl: idp.realmUrl, username: 'zhangsan', password: 'demo' })
    ).access_token;
    template = decodeJwt(applicantToken);
  });

  afterAll(async () => {
    await app.close();
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('valid tokens', () => {
    it('accepts a token from the password grant and exposes the CurrentUser', async () => {
      const res = await get('/me', applicantToken).expect(200);
      expect(res.body).toEqual({
        id: 'e4518845-247b-4299-b285-ab6179239c04',
        username: 'zhangsan',
        name: '张三',
        roles: ['applicant'],
        region: '330102',
        idNumber: '330102199003071230',
        phone: '13800000001',
        clientId: 'hall-cli',
        sessionId: template['sid'],
        tokenExp: template.exp,
      });
    });

    it('accepts a token from the authorization code + PKCE flow (hall-web) on a role route', async () => {
      const tokens = await loginWithAuthorizationCode({
        realmUrl: idp.realmUrl,
        username: 'clerk.xihu',
        password: 'demo',
        redirectUri: `${idp.baseUrl}/auth/callback`,
      });
      const res = await get('/window', tokens.access_token).expect(200);
      expect(res.body).toEqual({ username: 'clerk.xihu' });
      const me = await get('/me', tokens.access_token).expect(200);
      expect(me.body).toMatchObject({
        department: 'service-center',
        region: '330106',
        roles: ['clerk'],
        clientId: 'hall-web',
      });
    });

    it('maps department attributes of approvers', async () => {
      const token = (
        await fetchTokenWithPassword({ realmUrl: idp.realmUrl, username: 'head.market', password: 'demo' })
      ).access_token;
      const res = await get('/me', token).expect(200);
      expect(res.body).toMatchObject({
        department: 'market-regulation',
        departmentRole: 'head',
        region: '330100',
        roles: ['approver'],
      });
      await get('/window', token).expect(200);
    });

    it('lets public routes through without a token', async () => {
      await get('/public').expect(200, { ok: true });
      await get('/supervision/ratings').expect(200);
    });

    it('AuthModule.forRoot also takes TokenVerifier options, and exports the verifier', async () => {
      @Module({
        imports: [AuthModule.forRoot({ verifier: { realmUrl: idp.realmUrl } })],
        controllers: [TestController],
      })
      class OptionsModule {}
      // Nest's logger is process-global: keep the capturing one.
      const other = await NestFactory.create<NestFastifyApplication>(OptionsModule, new FastifyAdapter(), {
        logger,
      });
      await other.init();
      await other.getHttpAdapter().getInstance().ready();
      try {
        expect(other.get(TokenVerifier)).toBeInstanceOf(TokenVerifier);
        expect(other.get(TokenVerifier).realmUrl).toBe(idp.realmUrl);
        await request(other.getHttpServer())
          .get('/me')
          .set('authorization', `Bearer ${applicantToken}`)
          .expect(200);
        await request(other.getHttpServer()).get('/undeclared').expect(403);
      } finally {
        await other.close();
      }
    });
  });

  describe('401: missing or invalid tokens', () => {
    const expectInvalid = async (token: string, url = '/me'): Promise<void> => {
      const res = await get(url, token).expect(401);
      expect(res.body).toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
      expect(typeof res.body.message).toBe('string');
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    };

    it('no token', async () => {
      const res = await get('/me').expect(401);
      expect(res.body).toMatchObject({ code: 'AUTH_TOKEN_MISSING', message: 'Bearer access token required' });
      const basic = await request(app.getHttpServer())
        .get('/window')
        .set('authorization', 'Basic dXNlcjpwdw==')
        .expect(401);
      expect(basic.body.code).toBe('AUTH_TOKEN_MISSING');
    });

    it('garbage', async () => {
      await expectInvalid('not-a-jwt');
      await expectInvalid('a.b.c');
    });

    it('expired token (signed by the realm key)', async () => {
      const token = await forge({ iat: nowS() - 600, exp: nowS() - 300 });
      const res = await get('/me', token).expect(401);
      expect(res.body).toEqual({ code: 'AUTH_TOKEN_INVALID', message: 'Access token expired' });
    });

    it('token without exp', async () => {
      await expectInvalid(await forge({}, { drop: ['exp'] }));
    });

    it('token signed by another key with the realm key id', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      await expectInvalid(await forge({}, { key: privateKey }));
    });

    it('token signed by another key with an unknown key id', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      await expectInvalid(await forge({}, { key: privateKey, kid: 'attacker-key' }));
    });

    it('alg none', async () => {
      const header = { alg: 'none', typ: 'JWT', kid };
      await expectInvalid(`${b64(header)}.${b64(template)}.`);
      await expectInvalid(`${b64(header)}.${b64(template)}.AAAA`);
      await expectInvalid(`${b64({ alg: 'None', kid })}.${b64(template)}.AAAA`);
    });

    it('HS256, including the public-key-as-HMAC-secret confusion', async () => {
      const header = { alg: 'HS256', typ: 'JWT', kid };
      const input = `${b64(header)}.${b64(template)}`;
      const jwks = (await (await fetch(`${idp.realmUrl}/protocol/openid-connect/certs`)).json()) as {
        keys: { n: string }[];
      };
      for (const secret of [
        'secret',
        jwks.keys[0]?.n ?? '',
        ((await (await fetch(idp.realmUrl)).json()) as { public_key: string }).public_key,
      ]) {
        await expectInvalid(`${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`);
      }
    });

    it('other algorithms (RS512, PS256, ES256)', async () => {
      for (const alg of ['RS512', 'PS256', 'ES256']) {
        await expectInvalid(`${b64({ alg, kid })}.${b64(template)}.AAAA`);
      }
    });

    it("another realm's issuer", async () => {
      await expectInvalid(await forge({ iss: `${idp.baseUrl}/realms/other` }));
      await expectInvalid(await forge({ iss: `http://keycloak.example/realms/hall` }));
    });

    it('refresh and ID tokens are not access tokens', async () => {
      const tokens = await fetchTokenWithPassword({
        realmUrl: idp.realmUrl,
        username: 'lisi',
        password: 'demo',
      });
      await expectInvalid(tokens.refresh_token ?? '');
      await expectInvalid(tokens.id_token ?? '');
    });

    it('tokens without the hall-api audience', async () => {
      await expectInvalid(await forge({ aud: ['account'] }));
    });

    it('tampered claims (roles) with the original signature', async () => {
      const [h, , s] = applicantToken.split('.');
      const tampered = { ...template, realm_access: { roles: ['applicant', 'admin'] } };
      await expectInvalid(`${h}.${b64(tampered)}.${s}`, '/admin');
    });

    it('reports a reason for each rejection', async () => {
      const reasonOf = async (token: string): Promise<TokenRejectReason | undefined> => {
        try {
          await verifier.verify(token);
          return undefined;
        } catch (err) {
          return err instanceof TokenVerificationError ? err.reason : undefined;
        }
      };
      const { privateKey } = await generateKeyPair('RS256');
      expect(await reasonOf(`${b64({ alg: 'HS256', kid })}.${b64(template)}.AAAA`)).toBe('unsupported-alg');
      expect(await reasonOf(await forge({ exp: nowS() - 1 }))).toBe('expired');
      expect(await reasonOf(await forge({ iss: 'http://x/realms/hall' }))).toBe('wrong-issuer');
      expect(await reasonOf(await forge({ aud: 'account' }))).toBe('wrong-audience');
      expect(await reasonOf(await forge({ typ: 'Refresh' }))).toBe('wrong-type');
      expect(await reasonOf(await forge({}, { key: privateKey }))).toBe('bad-signature');
      expect(await reasonOf(await forge({}, { key: privateKey, kid: 'unknown' }))).toBe('unknown-key');
      expect(await reasonOf(await forge({ nbf: nowS() + 3600 }))).toBe('not-yet-valid');
      expect(await reasonOf(await forge({}, { drop: ['preferred_username'] }))).toBe('claims');
      expect(await reasonOf(await forge({ azp: 'partner-portal' }))).toBe('wrong-client');
      expect(await reasonOf(await forge({}, { drop: ['azp'] }))).toBe('wrong-client');
      // An applicant token of a session that has ended (logout): userinfo refuses it.
      const ended = await fetchTokenWithPassword({
        realmUrl: idp.realmUrl,
        username: 'lisi',
        password: 'demo',
      });
      await (
        await fetch(`${idp.realmUrl}/protocol/openid-connect/logout?id_token_hint=${ended.id_token ?? ''}`)
      ).text();
      expect(await reasonOf(ended.access_token)).toBe('session-ended');
      expect(await reasonOf(await forge({}))).toBeUndefined();
    });
  });

  describe('403: roles and undeclared routes', () => {
    it('wrong role', async () => {
      const res = await get('/window', applicantToken).expect(403);
      expect(res.body).toMatchObject({ code: 'AUTH_FORBIDDEN' });
      await get('/supervision', applicantToken).expect(403);
    });

    it('admin does not implicitly hold other roles', async () => {
      const token = (
        await fetchTokenWithPassword({ realmUrl: idp.realmUrl, username: 'admin', password: 'demo' })
      ).access_token;
      await get('/admin', token).expect(200);
      const res = await get('/window', token).expect(403);
      expect(res.body.code).toBe('AUTH_FORBIDDEN');
      await get('/supervision', token).expect(403);
    });

    it('controller-level @Roles applies to handlers without their own declaration', async () => {
      const token = (
        await fetchTokenWithPassword({ realmUrl: idp.realmUrl, username: 'supervisor', password: 'demo' })
      ).access_token;
      await get('/supervision', token).expect(200);
    });

    it('a route without @Public/@Authenticated/@Roles is refused, with or without a token, and logged', async () => {
      const before = logger.lines.length;
      const res = await get('/undeclared', applicantToken).expect(403);
      expect(res.body).toMatchObject({ code: 'AUTH_ROUTE_UNDECLARED' });
      await get('/undeclared').expect(403);
      const logged = logger.lines.slice(before).filter((l) => l.includes('AUTH_ROUTE_UNDECLARED'));
      expect(logged).toHaveLength(2);
      expect(logged[0]).toContain('GET /undeclared (TestController.undeclared)');
    });

    it('refuses conflicting declarations at definition time', () => {
      expect(() => {
        class Conflicting {
          @Public()
          @Roles(Role.Admin)
          handler(): void {}
        }
        return Conflicting;
      }).toThrow(/conflicting access declarations/);
      expect(() => Roles('root' as Role)).toThrow(/unknown role/);
    });
  });
});

describe('realm key caching', () => {
  let dir: string;
  let idp: RunningDevIdentityProvider;
  let app: NestFastifyApplication;
  let verifier: TokenVerifier;
  let token: string;
  let port: number;
  let applicantSeen: string;
  let applicantNew: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hall-auth-keys-'));
    idp = await startDevIdentityProvider({ keyFile: path.join(dir, 'key-1.json') });
    port = Number(new URL(idp.baseUrl).port);
    // No rate limit between JWKS fetches, so that every unknown kid really goes to the (stopped) IdP.
    verifier = new TokenVerifier({
      realmUrl: idp.realmUrl,
      clientId: 'hall-api',
      minTimeBetweenJwksRequestsSeconds: 0,
    });
    app = await createApp(verifier, new CapturingLogger());
    token = (
      await fetchTokenWithPassword({ realmUrl: idp.realmUrl, username: 'approver.fire', password: 'demo' })
    ).access_token;
    applicantSeen = (
      await fetchTokenWithPassword({ realmUrl: idp.realmUrl, username: 'zhangsan', password: 'demo' })
    ).access_token;
    applicantNew = (
      await fetchTokenWithPassword({ realmUrl: idp.realmUrl, username: 'zhangsan', password: 'demo' })
    ).access_token;
  });

  afterAll(async () => {
    await app.close();
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fetches the keys on first use, keeps validating after the IdP stops, and fails closed for a new kid', async () => {
    expect(verifier.cachedKeyIds()).toEqual([]);
    await request(app.getHttpServer()).get('/me').set('authorization', `Bearer ${token}`).expect(200);
    expect(verifier.cachedKeyIds()).toHaveLength(1);
    const seen = await request(app.getHttpServer())
      .get('/me')
      .set('authorization', `Bearer ${applicantSeen}`)
      .expect(200);
    expect(seen.body).toMatchObject({ idNumber: '330102199003071230', phone: '13800000001' });

    await idp.close();
    await request(app.getHttpServer()).get('/me').set('authorization', `Bearer ${token}`).expect(200);
    // An applicant token verified before keeps its identity; a new one needs userinfo: refused while the IdP is down.
    await request(app.getHttpServer()).get('/me').set('authorization', `Bearer ${applicantSeen}`).expect(200);
    await expect(verifier.verify(applicantNew)).rejects.toMatchObject({ reason: 'userinfo-unavailable' });

    const { privateKey } = await generateKeyPair('RS256');
    const rotated = await new SignJWT(decodeJwt(token))
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'rotated-key' })
      .sign(privateKey);
    const res = await request(app.getHttpServer())
      .get('/me')
      .set('authorization', `Bearer ${rotated}`)
      .expect(401);
    expect(res.body.code).toBe('AUTH_TOKEN_INVALID');
    // It did try the (stopped) IdP for the new kid:
    await expect(verifier.verify(rotated)).rejects.toMatchObject({ reason: 'keys-unavailable' });
    // The cached key survived the failed refetch.
    await request(app.getHttpServer()).get('/me').set('authorization', `Bearer ${token}`).expect(200);
  });

  it('picks up a rotated realm key by refetching the JWKS for an unknown kid', async () => {
    idp = await startDevIdentityProvider({ keyFile: path.join(dir, 'key-2.json'), port });
    const fresh = (
      await fetchTokenWithPassword({ realmUrl: idp.realmUrl, username: 'approver.fire', password: 'demo' })
    ).access_token;
    await request(app.getHttpServer()).get('/me').set('authorization', `Bearer ${fresh}`).expect(200);
    // The realm no longer publishes the old key: tokens signed with it are refused from now on, even the one
    // verified (and remembered) before the rotation.
    await request(app.getHttpServer()).get('/me').set('authorization', `Bearer ${token}`).expect(401);
  });

  it('remembers verified tokens until their exp, bounded, and only while their key is published', async () => {
    const local = new TokenVerifier({
      realmUrl: idp.realmUrl,
      clientId: 'hall-api',
      verifiedTokenCacheSize: 2,
    });
    const grantManager = (
      local as unknown as { grantManager: { validateToken: (...a: unknown[]) => unknown } }
    ).grantManager;
    const validate = jest.spyOn(grantManager, 'validateToken');
    const token = (
      await fetchTokenWithPassword({ realmUrl: idp.realmUrl, username: 'approver.fire', password: 'demo' })
    ).access_token;
    const first = await local.verify(token);
    const again = await local.verify(token);
    expect(again).toEqual(first);
    expect(validate).toHaveBeenCalledTimes(1); // the repeat skipped the signature check
    expect(local.verifiedTokenCount()).toBe(1);

    // A changed byte is another string: verified anew, and refused.
    const [h, p, s] = token.split('.') as [string, string, string];
    const flipped = `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
    await expect(local.verify(flipped)).rejects.toBeInstanceOf(TokenVerificationError);
    expect(validate).toHaveBeenCalledTimes(2);

    // After its exp the remembered token is refused and forgotten.
    const { exp } = decodeJwt(token);
    const now = jest.spyOn(Date, 'now').mockReturnValue(((exp ?? 0) + 1) * 1000);
    try {
      await expect(local.verify(token)).rejects.toMatchObject({ reason: 'expired' });
    } finally {
      now.mockRestore();
    }
    expect(local.verifiedTokenCount()).toBe(0);
    expect(validate).toHaveBeenCalledTimes(2);

    // Bounded: the oldest goes first.
    const others = await Promise.all(
      ['zhangsan', 'lisi', 'supervisor'].map(
        async (username) =>
          (await fetchTokenWithPassword({ realmUrl: idp.realmUrl, username, password: 'demo' })).access_token,
      ),
    );
    for (const t of others) await local.verify(t);
    expect(local.verifiedTokenCount()).toBe(2);
    // clearKeyCache forgets remembered tokens too.
    local.clearKeyCache();
    expect(local.verifiedTokenCount()).toBe(0);

    const off = new TokenVerifier({
      realmUrl: idp.realmUrl,
      clientId: 'hall-api',
      verifiedTokenCacheSize: 0,
    });
    await off.verify(token);
    expect(off.verifiedTokenCount()).toBe(0);
  });
});
