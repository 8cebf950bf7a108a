import { ConcurrencyLimit } from './concurrency-limit.js';

/**
 * A module loaded on first use rather than at start: the file renderers (ExcelJS, PDFKit,
 * ECharts, resvg and the CJK fonts) hold about 80 MB that a server which never exports a file
 * does not need. Each loader runs once; loads run one after another, never concurrently (Jest's
 * ES module support fails on concurrent dynamic imports of modules sharing dependencies).
 */
const loading = new ConcurrencyLimit(1);

export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    // A failed load is tried again next time rather than remembered.
    loaded ??= loading.run(load).catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
}
