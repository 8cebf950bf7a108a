import { buildDataSourceOptions, createDataSource } from './data-source-options.js';
import { DEFAULT_DATABASE_URL } from './database-url.js';

/**
 * For the TypeORM CLI, e.g. after `npm run build`:
 *   npx typeorm migration:show -d dist/src/database/data-source.js
 */
export default createDataSource(buildDataSourceOptions(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL));
