// Embedded mode: the dev identity provider mounted into the Nest app's Fastify instance (one origin), with the
// AuthGuard validating tokens against the same origin.
import { Controller, Get, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenVerifier, type AccessTokenVerifier } from '../keycloak/token.verifier.js';
import { Authenticated, CurrentUser, Public } from '../nest/auth.decorators.js';
import { AuthModule } from '../nest/auth.module.js';
import { fetchTokenWithPassword, loginWithAuthorizationCode } from './dev-idp.client.js';
import { devIdentityProviderPlugin } from './dev-idp.server.js';

@Controller('api/demo')
class DemoController {
  @Get('me')
  @Authenticated()
  me(@CurrentUser('username') username: string): { username: string } {
    return { username };
  }

  @Get('health')
  @Public()
  health(): { ok: true } {
    return { ok: true };
  }
}

describe('dev identity provider mounted in a Nest (Fastify) app', () => {
  let app: NestFastifyApplication;
  let baseUrl = '';

  beforeAll(async () => {
    // The realm URL is known only after listen() on port 0 (the hall runtime knows it upfront).
    const ref: { verifier?: TokenVerifier } = {};
    const lazy: AccessTokenVerifier = {
      verify: (token) => (ref.verifier ? ref.verifier.verify(token) : Promise.reject(new Error('not ready'))),
    };
    @Module({ imports: [AuthModule.forRoot({ verifier: lazy })], controllers: [DemoController] })
    class EmbeddedModule {}
    app = await NestFactory.create<NestFastifyApplication>(EmbeddedModule as Type, new FastifyAdapter(), {
      logger: false,
    });
    await app.register(devIdentityProviderPlugin, { publicBaseUrl: () => baseUrl, exposeDemoAccounts: true });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    baseUrl = `http://127.0.0.1:${address.port}`;
    ref.verifier = new TokenVerifier({ realmUrl: `${baseUrl}/realms/hall` });
  });

  afterAll(async () => {
    await app.close();
  });

  it('serves the realm and the API from one origin', async () => {
    const realmUrl = `${baseUrl}/realms/hall`;
    expect((await fetch(`${realmUrl}/demo-accounts`)).status).toBe(200);
    const viaPassword = await fetchTokenWithPassword({
      realmUrl,
      username: 'catalog.admin',
      password: 'demo',
    });
    const viaBrowser = await loginWithAuthorizationCode({
      realmUrl,
      username: 'lisi',
      password: 'demo',
      redirectUri: `${baseUrl}/auth/callback`,
    });
    for (const [token, username] of [
      [viaPassword.access_token, 'catalog.admin'],
      [viaBrowser.access_token, 'lisi'],
    ] as const) {
      const res = await fetch(`${baseUrl}/api/demo/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ username });
    }
    expect((await fetch(`${baseUrl}/api/demo/me`)).status).toBe(401);
    expect((await fetch(`${baseUrl}/api/demo/health`)).status).toBe(200);
  });
});
