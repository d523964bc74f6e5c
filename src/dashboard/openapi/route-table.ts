/** One method on one path the express app routes (a plain middleware mount is not listed). */
export interface ServedRoute {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The express path pattern, mount prefixes included (`/api/v1/incidents/:number`). */
  readonly path: string;
}

/** The parts of an express 5 router layer read here (the `router` package's `Layer` and `Route`). */
interface RouterLayer {
  readonly rawPath?: unknown;
  readonly route?: { readonly path: unknown; readonly methods: Readonly<Record<string, boolean>> };
  readonly handle: { readonly stack?: readonly RouterLayer[] };
}

function joinPath(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function layerPaths(raw: unknown, where: string): string[] {
  const paths = Array.isArray(raw) ? raw.flat(Infinity) : [raw];
  return paths.map((path) => {
    // A RegExp path cannot be named in a route table; express 5 apps use string patterns.
    if (typeof path !== 'string') throw new TypeError(`${where}: a route path that is not a string (${String(path)})`);
    return path;
  });
}

function walk(stack: readonly RouterLayer[], prefix: string, out: ServedRoute[]): void {
  for (const layer of stack) {
    if (layer.route !== undefined) {
      for (const path of layerPaths(layer.route.path, prefix)) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') out.push({ method: method.toUpperCase(), path: joinPath(prefix, path) });
          if (on && method === '_all') out.push({ method: 'ALL', path: joinPath(prefix, path) });
        }
      }
    } else if (Array.isArray(layer.handle.stack)) {
      // A nested router: its routes sit under the mount path (`rawPath`, router >= 2.3 as shipped with express 5.3).
      for (const mount of layerPaths(layer.rawPath ?? '/', prefix)) walk(layer.handle.stack, joinPath(prefix, mount), out);
    }
  }
}

/**
 * Every method and path an express 5 app routes, found by walking its router stack (nested routers
 * included), in registration order and without duplicates.
 */
export function servedRoutes(app: { readonly router: { readonly stack: readonly unknown[] } }): ServedRoute[] {
  const out: ServedRoute[] = [];
  walk(app.router.stack as readonly RouterLayer[], '', out);
  const seen = new Set<string>();
  return out.filter((route) => {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The OpenAPI form of an express path: `:name` becomes `{name}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_$][A-Za-z0-9_$]*)/g, '{$1}');
}
