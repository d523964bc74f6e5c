/** Pages of the console, addressed by the URL fragment (`#/incidents/NOC-2026-000001`). */
export type Route =
  | { readonly page: 'targets' }
  | { readonly page: 'target'; readonly id: string }
  | { readonly page: 'alerts' }
  | { readonly page: 'incidents' }
  | { readonly page: 'incident'; readonly number: string }
  | { readonly page: 'silences' }
  | { readonly page: 'forensics' }
  | { readonly page: 'reports' };

/** The page of a `location.hash`; the incident list by default. */
export function parseRoute(hash: string): Route {
  const [page, arg] = hash.replace(/^#\/?/, '').split('/').map((part) => decodeURIComponent(part));
  switch (page) {
    case 'targets':
      return arg ? { page: 'target', id: arg } : { page: 'targets' };
    case 'incidents':
      return arg ? { page: 'incident', number: arg } : { page: 'incidents' };
    case 'alerts':
    case 'silences':
    case 'forensics':
    case 'reports':
      return { page };
    default:
      return { page: 'incidents' };
  }
}

/** The fragment of a page. */
export function href(page: string, arg?: string): string {
  return arg === undefined ? `#/${page}` : `#/${page}/${encodeURIComponent(arg)}`;
}
