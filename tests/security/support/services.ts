import 'reflect-metadata';
import { AUTH_ACCESS_METADATA, Role, type RouteAccess } from '@hall/auth';
import { isPostgresAvailable } from '@hall/persistence';
import { type ServiceDefinition } from '@hall/platform';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { approvalService } from '@hall/app-approval';
import { catalogService } from '@hall/app-catalog';
import { intakeService } from '@hall/app-intake';
import { licenceService } from '@hall/app-licence';
import { supervisionService } from '@hall/app-supervision';
import { disclosureService } from '@hall/app-disclosure';

/** Every service of the hall, as apps/hall composes them. */
export const SERVICES: readonly ServiceDefinition[] = [
  catalogService,
  intakeService,
  approvalService,
  licenceService,
  supervisionService,
  disclosureService,
];

export const serviceNamed = (name: string): ServiceDefinition => {
  const def = SERVICES.find((s) => s.name === name);
  if (!def) throw new Error(`no service ${name}`);
  return def;
};

/** One demo account per realm role (each holds exactly that role). */
export const ROLE_USERS: Readonly<Record<Role, string>> = {
  [Role.Applicant]: 'zhangsan',
  [Role.Clerk]: 'clerk.xihu',
  [Role.Approver]: 'approver.market',
  [Role.Supervisor]: 'supervisor',
  [Role.CatalogAdmin]: 'catalog.admin',
  [Role.Admin]: 'admin',
  [Role.GovernmentHead]: 'gov.head',
};

/** PostgreSQL when it answers on 127.0.0.1:5432, else PGlite. */
export async function startService(
  def: ServiceDefinition,
  opts: Omit<Parameters<typeof startServiceForTest>[1], 'db'> = {},
): Promise<ServiceHarness> {
  const db = (await isPostgresAvailable()) ? 'pg' : 'pglite';
  return startServiceForTest(def, { db, ...opts });
}

export interface DiscoveredRoute {
  /** `GET /api/intake/applications/:no` */
  key: string;
  method: string;
  path: string;
  handler: string;
  access: RouteAccess | undefined;
  /** The handler reads the query string (`@Query()`). */
  takesQuery: boolean;
}

const joinPath = (...parts: string[]): string =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter((p) => p !== '')
    .join('/')}`;

/**
 * Every HTTP route Nest registered in the application, read from its module container (controllers, their
 * handlers' path and method metadata) with the access declaration the AuthGuard will read (handler first, then
 * controller).
 */
export function discoverRoutes(app: NestFastifyApplication, globalPrefix: string): DiscoveredRoute[] {
  const routes = new Map<string, DiscoveredRoute>();
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (typeof controller !== 'function') continue;
      const controllerPaths = ([] as string[]).concat(
        (Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined) ?? '',
      );
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (name === 'constructor') continue;
        const handler = proto[name];
        if (typeof handler !== 'function') continue;
        const handlerPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (handlerPath === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const args =
          (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) as
            Record<string, unknown> | undefined) ?? {};
        const takesQuery = Object.keys(args).some((k) => k.split(':')[0] === String(RouteParamtypes.QUERY));
        const access =
          (Reflect.getMetadata(AUTH_ACCESS_METADATA, handler) as RouteAccess | undefined) ??
          (Reflect.getMetadata(AUTH_ACCESS_METADATA, controller) as RouteAccess | undefined);
        for (const cp of controllerPaths) {
          for (const hp of ([] as string[]).concat(handlerPath)) {
            const path = joinPath(globalPrefix, cp, hp);
            const key = `${method} ${path}`;
            routes.set(key, { key, method, path, handler: `${controller.name}.${name}`, access, takesQuery });
          }
        }
      }
    }
  }
  return [...routes.values()].sort((a, b) => a.key.localeCompare(b.key));
}
