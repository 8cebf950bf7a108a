import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options.js';

/**
 * For the TypeORM CLI, e.g. after `npm run build`:
 *   npx typeorm migration:show -d dist/src/database/data-source.js
 */
export default new DataSource(buildDataSourceOptions(process.env.DATABASE_URL ?? 'sqlite:data/tracker.sqlite'));
