import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasAnyRole } from '../current-user.js';
import {
  TokenVerificationError,
  TokenVerifier,
  type AccessTokenVerifier,
} from '../keycloak/token.verifier.js';
import { AUTH_ACCESS_METADATA, type RequestWithUser, type RouteAccess } from './auth.decorators.js';

export const AuthErrorCode = {
  TokenMissing: 'AUTH_TOKEN_MISSING',
  TokenInvalid: 'AUTH_TOKEN_INVALID',
  Forbidden: 'AUTH_FORBIDDEN',
  RouteUndeclared: 'AUTH_ROUTE_UNDECLARED',
} as const;
export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];

interface HttpRequestLike extends RequestWithUser {
  headers: Record<string, string | string[] | undefined>;
  method?: string;
  url?: string;
}

interface ReplyLike {
  header?: (name: string, value: string) => unknown;
}

/** `Authorization: Bearer <token>` (scheme case-insensitive). Undefined when absent or another scheme. */
export function extractBearerToken(
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  const value = headers['authorization'];
  if (typeof value !== 'string') return undefined;
  const m = /^Bearer +([^\s]+) *$/i.exec(value);
  return m?.[1];
}

/**
 * Global guard (registered by AuthModule as APP_GUARD). Deny by default:
 * - no `@Public()`, `@Authenticated()` or `@Roles()` on the handler or its controller: 403 AUTH_ROUTE_UNDECLARED
 *   (logged: it is a programming error);
 * - no bearer token: 401 AUTH_TOKEN_MISSING; a token that fails validation: 401 AUTH_TOKEN_INVALID;
 * - valid token without one of the required roles: 403 AUTH_FORBIDDEN.
 * Non-HTTP contexts (RPC, WebSocket) pass only when declared `@Public()`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: AccessTokenVerifier,
  ) {}

  /** Declared access by handler, then controller class (metadata is fixed once the app is built). */
  private readonly accessCache = new WeakMap<object, WeakMap<object, { access: RouteAccess | undefined }>>();

  private accessOf(ctx: ExecutionContext): RouteAccess | undefined {
    const handler = ctx.getHandler();
    const cls = ctx.getClass();
    let byClass = this.accessCache.get(handler);
    if (byClass === undefined) this.accessCache.set(handler, (byClass = new WeakMap()));
    let entry = byClass.get(cls);
    if (entry === undefined) {
      entry = {
        access: this.reflector.getAllAndOverride<RouteAccess | undefined>(AUTH_ACCESS_METADATA, [
          handler,
          cls,
        ]),
      };
      byClass.set(cls, entry);
    }
    return entry.access;
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const access = this.accessOf(ctx);
    // Named in the refusals below only (not built on the path of an accepted request).
    const route = (): string => `${ctx.getClass().name}.${ctx.getHandler().name}`;

    if (ctx.getType() !== 'http') {
      if (access?.kind === 'public') return true;
      this.logger.warn(
        `${AuthErrorCode.RouteUndeclared}: non-HTTP handler ${route()} is not @Public(); refused`,
      );
      throw new ForbiddenException({
        code: AuthErrorCode.RouteUndeclared,
        message: 'Handler access is not declared',
      });
    }

    const http = ctx.switchToHttp();
    const request = http.getRequest<HttpRequestLike>();
    if (access === undefined) {
      this.logger.error(
        `${AuthErrorCode.RouteUndeclared}: ${request.method ?? ''} ${request.url ?? ''} (${route()}) has no ` +
          `@Public(), @Authenticated() or @Roles(); refused`,
      );
      throw new ForbiddenException({
        code: AuthErrorCode.RouteUndeclared,
        message: 'Route access is not declared',
      });
    }
    if (access.kind === 'public') return true;

    const token = extractBearerToken(request.headers);
    if (token === undefined) {
      this.challenge(http.getResponse<ReplyLike>());
      throw new UnauthorizedException({
        code: AuthErrorCode.TokenMissing,
        message: 'Bearer access token required',
      });
    }

    let user;
    try {
      user = await this.verifier.verify(token);
    } catch (err) {
      const reason = err instanceof TokenVerificationError ? err.reason : 'invalid';
      if (reason === 'keys-unavailable' || reason === 'userinfo-unavailable')
        this.logger.error(`token rejected: ${(err as Error).message}`);
      else
        this.logger.debug(`token rejected (${reason}): ${err instanceof Error ? err.message : String(err)}`);
      this.challenge(http.getResponse<ReplyLike>(), 'invalid_token');
      throw new UnauthorizedException({
        code: AuthErrorCode.TokenInvalid,
        message: reason === 'expired' ? 'Access token expired' : 'Access token invalid',
      });
    }

    if (access.kind === 'roles' && !hasAnyRole(user, access.roles)) {
      throw new ForbiddenException({
        code: AuthErrorCode.Forbidden,
        message: `Requires one of the roles: ${access.roles.join(', ')}`,
      });
    }
    request.user = user;
    return true;
  }

  /** RFC 6750 challenge header on 401 responses. */
  private challenge(reply: ReplyLike, error?: string): void {
    if (typeof reply.header === 'function') {
      reply.header('WWW-Authenticate', error ? `Bearer error="${error}"` : 'Bearer');
    }
  }
}
