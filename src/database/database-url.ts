import { isAbsolute, resolve } from 'node:path';

/** Where the tracker keeps its data when DATABASE_URL is not set: a SQLite file under data/. */
export const DEFAULT_DATABASE_URL = 'sqlite:data/tracker.sqlite';

export type DatabaseLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/**
 * Reads `DATABASE_URL`: `sqlite:<path>` (relative paths are taken from the working directory;
 * `sqlite::memory:` is an in-memory database) or `postgres://user:pass@host:port/db`.
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path.length === 0)
      throw new Error(
        'DATABASE_URL 的 sqlite: 后面须写文件路径，如 sqlite:data/tracker.sqlite · DATABASE_URL sqlite: needs a file path, e.g. sqlite:data/tracker.sqlite',
      );
    if (path === ':memory:') return { kind: 'sqlite', path };
    return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(process.cwd(), path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {
      // reported below
    }
    if (!host)
      throw new Error(
        'DATABASE_URL 不是有效的 postgres:// 地址（须写主机） · DATABASE_URL is not a valid postgres:// URL (it needs a host)',
      );
    return { kind: 'postgres', url };
  }
  throw new Error('DATABASE_URL 须以 sqlite: 或 postgres:// 开头 · DATABASE_URL must start with sqlite: or postgres://');
}
