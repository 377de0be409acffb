import 'reflect-metadata';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CurrentUser as CurrentUserShape } from '../current-user.js';
import { isRole, type Role } from '../roles.js';

/** Metadata key holding a route's (or controller's) {@link RouteAccess}. */
export const AUTH_ACCESS_METADATA = 'hall:auth:access';

/**
 * How a route may be reached. Exactly one per handler or controller; a handler's declaration overrides its
 * controller's. A route with none is refused by the AuthGuard (deny by default).
 */
export type RouteAccess =
  | { readonly kind: 'public' }
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'roles'; readonly roles: readonly Role[] };

function declareAccess(access: RouteAccess, name: string): ClassDecorator & MethodDecorator {
  return (target: object, propertyKey?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const holder: unknown = descriptor !== undefined ? descriptor.value : target;
    if (typeof holder !== 'function') throw new Error(`@${name}() must decorate a class or a method`);
    const existing: unknown = Reflect.getOwnMetadata(AUTH_ACCESS_METADATA, holder);
    if (existing !== undefined) {
      const where = propertyKey !== undefined ? String(propertyKey) : holder.name;
      throw new Error(
        `conflicting access declarations on ${where}: use one of @Public(), @Authenticated(), @Roles()`,
      );
    }
    Reflect.defineMetadata(AUTH_ACCESS_METADATA, access, holder);
  };
}

/** Anyone may call the route, no token needed (the token is not read; `@CurrentUser()` is undefined). */
export function Public(): ClassDecorator & MethodDecorator {
  return declareAccess({ kind: 'public' }, 'Public');
}

/** Any valid access token, whatever its roles. */
export function Authenticated(): ClassDecorator & MethodDecorator {
  return declareAccess({ kind: 'authenticated' }, 'Authenticated');
}

/**
 * A valid access token holding at least one of the roles (realm roles, no hierarchy: `admin` is not implied).
 */
export function Roles(role: Role, ...more: Role[]): ClassDecorator & MethodDecorator {
  const roles = [role, ...more];
  const bad = roles.filter((r) => !isRole(r));
  if (bad.length > 0) throw new Error(`@Roles(): unknown role(s) ${bad.join(', ')}`);
  return declareAccess({ kind: 'roles', roles: Object.freeze([...new Set(roles)]) }, 'Roles');
}

/** Where the AuthGuard puts the user on the request object. */
export interface RequestWithUser {
  user?: CurrentUserShape;
}

/**
 * The authenticated user (set by the AuthGuard), or one of its properties: `@CurrentUser() user: CurrentUser`,
 * `@CurrentUser('id') userId: string`. Undefined on `@Public()` routes.
 */
export const CurrentUser = createParamDecorator(
  (property: keyof CurrentUserShape | undefined, ctx: ExecutionContext): unknown => {
    const user = ctx.switchToHttp().getRequest<RequestWithUser>().user;
    return property === undefined ? user : user?.[property];
  },
);

/** The type of `@CurrentUser()` parameters (same as the `CurrentUser` interface). */
export type CurrentUser = CurrentUserShape;
