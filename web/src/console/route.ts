/** Pages of the console, addressed by the URL fragment (`#/incidents/NOC-2026-000001`). */
export type Route =
  | { readonly page: 'targets' }
  | { readonly page: 'target'; readonly id: string }
  | { readonly page: 'alerts' }
  | { readonly page: 'incidents' }
  | { readonly page: 'incident'; readonly number: string }
  | { readonly page: 'silences' }
  | ({ readonly page: 'forensics' } & ForensicsQuery)
  | { readonly page: 'reports'; readonly month?: string };

/** What the forensics page analyses: an incident's window, or [from, to]; optional focus series and filter. */
export interface ForensicsQuery {
  readonly incident?: string;
  readonly from?: string;
  readonly to?: string;
  readonly focus?: string;
  readonly match?: string;
}

const FORENSICS_PARAMS = ['incident', 'from', 'to', 'focus', 'match'] as const;

/** The page of a `location.hash` (`#/forensics?incident=…` carries its query); the incident list by default. */
export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split(/\?(.*)/s);
  const [page, arg] = path.split('/').map((part) => decodeURIComponent(part));
  if (page === 'forensics') {
    const params = new URLSearchParams(search);
    const query: Record<string, string> = {};
    for (const name of FORENSICS_PARAMS) {
      const value = params.get(name)?.trim();
      if (value) query[name] = value;
    }
    return { page, ...query };
  }
  if (page === 'reports') {
    const month = new URLSearchParams(search).get('month')?.trim();
    return month ? { page, month } : { page };
  }
  switch (page) {
    case 'targets':
      return arg ? { page: 'target', id: arg } : { page: 'targets' };
    case 'incidents':
      return arg ? { page: 'incident', number: arg } : { page: 'incidents' };
    case 'alerts':
    case 'silences':
      return { page };
    default:
      return { page: 'incidents' };
  }
}

/** The fragment of a page. */
export function href(page: string, arg?: string): string {
  return arg === undefined ? `#/${page}` : `#/${page}/${encodeURIComponent(arg)}`;
}

/** The fragment of the forensics page for a query (empty fields left out). */
export function forensicsHref(query: ForensicsQuery): string {
  const params = new URLSearchParams();
  for (const name of FORENSICS_PARAMS) {
    const value = query[name];
    if (value !== undefined && value !== '') params.set(name, value);
  }
  const search = params.toString();
  return search === '' ? '#/forensics' : `#/forensics?${search}`;
}

/** The fragment of the reports page for a month (`YYYY-MM`), or of its default month. */
export function reportsHref(month?: string): string {
  return month === undefined || month === '' ? '#/reports' : `#/reports?${new URLSearchParams({ month }).toString()}`;
}
