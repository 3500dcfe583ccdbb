// Finds the route of a request path, under MLflow's /api and the UI's /ajax-api prefixes.
import { ROUTES, type Route, type RouteName } from '../restApi/routes.ts';

interface CompiledRoute {
  name: RouteName;
  route: Route;
  pattern: RegExp;
  params: string[];
}

export interface RouteMatch {
  name: RouteName;
  route: Route;
  /** Path parameters, decoded. */
  params: Record<string, string>;
}

function compile(name: RouteName, route: Route): CompiledRoute {
  const params: string[] = [];
  const body = route.path.replace(/^\/api\//u, '').replace(/[.*+?^$()|[\]\\]/gu, '\\$&').replace(/\{(\w+)\}/gu, (_m, p: string) => {
    params.push(p);
    return '([^/]+)';
  });
  return { name, route, params, pattern: new RegExp(`^/(?:api|ajax-api)/${body}/?$`, 'u') };
}

// Literal paths first, so `logged-models/search` is not taken for `logged-models/{model_id}`.
const COMPILED = (Object.entries(ROUTES) as [RouteName, Route][])
  .map(([name, route]) => compile(name, route))
  .sort((a, b) => a.params.length - b.params.length);

/**
 * Percent-decodes a path parameter as mlflow 3.18's server does, never throwing: a `%` not followed
 * by two hex digits stays as it is, and bytes that are not UTF-8 become U+FFFD (so `%ff` looks up
 * a model named "\ufffd" and is not found, where decodeURIComponent would throw and answer 500).
 */
export function decodePathParam(raw: string): string {
  return raw.replace(/(?:%[0-9A-Fa-f]{2})+/gu, (escapes) => Buffer.from(escapes.replaceAll('%', ''), 'hex').toString('utf8'));
}

/** All routes at this path (one per method set); empty when the path is unknown. */
export function matchRoutes(pathname: string): RouteMatch[] {
  const matches: RouteMatch[] = [];
  for (const compiled of COMPILED) {
    const found = compiled.pattern.exec(pathname);
    if (!found) continue;
    const params: Record<string, string> = {};
    compiled.params.forEach((p, i) => (params[p] = decodePathParam(found[i + 1])));
    matches.push({ name: compiled.name, route: compiled.route, params });
  }
  return matches;
}
