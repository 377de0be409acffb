import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  TokenVerifier,
  type AccessTokenVerifier,
  type TokenVerifierOptions,
} from '../keycloak/token.verifier.js';
import { AuthGuard } from './auth.guard.js';

export interface AuthModuleOptions {
  /** A TokenVerifier (or any AccessTokenVerifier), or the options to build one. */
  verifier: AccessTokenVerifier | TokenVerifierOptions;
}

function isVerifier(v: AuthModuleOptions['verifier']): v is AccessTokenVerifier {
  return typeof (v as Partial<AccessTokenVerifier>).verify === 'function';
}

/**
 * `AuthModule.forRoot({ verifier })`: registers {@link AuthGuard} as a global guard (APP_GUARD) and provides the
 * verifier under the `TokenVerifier` token to every module (global).
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    const verifier = isVerifier(options.verifier) ? options.verifier : new TokenVerifier(options.verifier);
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: TokenVerifier, useValue: verifier },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
