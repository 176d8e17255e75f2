/**
 * Path → wire route. Templates come from wire.ts `routes` and nowhere else, so a
 * route the client knows is a route the sandbox serves.
 */
import { routes, type RouteName } from '../infomaniak/wire';
import type { Endpoint, HttpMethod } from './endpoints/endpoint';

export interface RouteMatch {
  name: RouteName;
  template: string;
  params: Record<string, string>;
}

interface CompiledRoute {
  name: RouteName;
  template: string;
  /** A literal segment, or `{name}` compiled to the parameter's name. */
  segments: Array<{ literal: string } | { param: string }>;
  literals: number;
}

function compile(name: RouteName, template: string): CompiledRoute {
  const segments = template
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      return param ? { param: param[1] } : { literal: segment };
    });
  return { name, template, segments, literals: segments.filter((s) => 'literal' in s).length };
}

// Most literal segments first: `/mail_hostings/accesses/devices/{device}` must win over a
// template that would read "accesses" as a hosting id.
const compiled = (Object.entries(routes) as Array<[RouteName, string]>)
  .map(([name, template]) => compile(name, template))
  .sort((a, b) => b.literals - a.literals);

/** Matches a URL path (without query) to a wire route; undefined when none fits. */
export function matchRoute(pathname: string): RouteMatch | undefined {
  const parts = pathname.split('/').filter(Boolean);
  let decoded: string[];
  try {
    decoded = parts.map((p) => decodeURIComponent(p));
  } catch {
    return undefined; // Malformed percent-encoding names no resource.
  }
  for (const route of compiled) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const fits = route.segments.every((segment, i) => {
      if ('literal' in segment) return segment.literal === parts[i];
      if (decoded[i] === '') return false;
      params[segment.param] = decoded[i];
      return true;
    });
    if (fits) return { name: route.name, template: route.template, params };
  }
  return undefined;
}

/** The key request counts and faults use: `"POST /1/mail_hostings/{hosting}/mailboxes"`. */
export function routeKey(method: string, template: string): string {
  return `${method} ${template}`;
}

export class EndpointTable {
  private readonly byKey = new Map<string, Endpoint>();

  constructor(endpoints: readonly Endpoint[]) {
    for (const endpoint of endpoints) {
      const key = routeKey(endpoint.method, routes[endpoint.route]);
      if (this.byKey.has(key)) throw new Error(`sandbox: two endpoints for ${key}`);
      this.byKey.set(key, endpoint);
    }
  }

  find(method: string, route: RouteName): Endpoint | undefined {
    return this.byKey.get(routeKey(method, routes[route]));
  }

  /** Every "METHOD /template" the sandbox serves, for validating fault routes. */
  keys(): string[] {
    return [...this.byKey.keys()];
  }

  static isMutation(method: HttpMethod | string): boolean {
    return method !== 'GET' && method !== 'HEAD';
  }
}
