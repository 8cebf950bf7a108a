/**
 * Hash routes: #/chart?unit=3&date=2021-12-23, #/ledger?village=3&page=2, #/households/12,
 * #/households/new, #/imports, #/imports/5, #/login. The server serves one page; the browser keeps the place in the
 * address, so reload, back and bookmarks work without server fallbacks.
 */
export type Route =
  | { name: 'login' }
  | { name: 'chart'; unit: number | null; date: string | null }
  | { name: 'ledger'; filters: LedgerFilters }
  | { name: 'household'; id: number }
  | { name: 'newHousehold' }
  | { name: 'imports' }
  | { name: 'import'; id: number }
  | { name: 'notFound'; path: string };

export interface LedgerFilters {
  village: number | null;
  grade: string | null;
  status: string | null;
  q: string;
  page: number;
}

export const EMPTY_FILTERS: LedgerFilters = { village: null, grade: null, status: null, q: '', page: 1 };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function positiveInt(text: string | null): number | null {
  if (text === null || !/^[1-9]\d{0,9}$/.test(text)) return null;
  return Number(text);
}

/** Reads a location hash ('#/ledger?grade=B'); anything unknown is notFound, an empty hash null. */
export function parseRoute(hash: string): Route | null {
  const raw = hash.replace(/^#/, '');
  if (raw === '' || raw === '/') return null;
  const [path, query = ''] = raw.split('?', 2);
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 1 && parts[0] === 'login') return { name: 'login' };
  if (parts.length === 1 && parts[0] === 'chart') {
    const date = params.get('date');
    return { name: 'chart', unit: positiveInt(params.get('unit')), date: date && DATE.test(date) ? date : null };
  }
  if (parts.length === 1 && parts[0] === 'ledger') {
    return {
      name: 'ledger',
      filters: {
        village: positiveInt(params.get('village')),
        grade: params.get('grade') || null,
        status: params.get('status') || null,
        q: params.get('q') ?? '',
        page: positiveInt(params.get('page')) ?? 1,
      },
    };
  }
  if (parts.length === 2 && parts[0] === 'households') {
    if (parts[1] === 'new') return { name: 'newHousehold' };
    const id = positiveInt(parts[1]);
    if (id !== null) return { name: 'household', id };
  }
  if (parts.length === 1 && parts[0] === 'imports') return { name: 'imports' };
  if (parts.length === 2 && parts[0] === 'imports') {
    const id = positiveInt(parts[1]);
    if (id !== null) return { name: 'import', id };
  }
  return { name: 'notFound', path };
}

/** The hash for a route; parseRoute(formatRoute(r)) gives r back. */
export function formatRoute(route: Route): string {
  switch (route.name) {
    case 'login':
      return '#/login';
    case 'chart':
      return withQuery('#/chart', { unit: route.unit, date: route.date });
    case 'ledger': {
      const f = route.filters;
      return withQuery('#/ledger', {
        village: f.village,
        grade: f.grade,
        status: f.status,
        q: f.q || null,
        page: f.page > 1 ? f.page : null,
      });
    }
    case 'household':
      return `#/households/${route.id}`;
    case 'newHousehold':
      return '#/households/new';
    case 'imports':
      return '#/imports';
    case 'import':
      return `#/imports/${route.id}`;
    case 'notFound':
      return `#/${route.path.replace(/^\//, '')}`;
  }
}

function withQuery(path: string, values: Record<string, string | number | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== null) params.set(key, String(value));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
