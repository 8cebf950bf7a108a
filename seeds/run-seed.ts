import 'reflect-metadata';
import { buildDataSourceOptions, createDataSource } from '../src/database/data-source-options.js';
import { validateEnvironment } from '../src/config/env.validation.js';
import { seedQingxu } from './qingxu.seed.js';

/** `npm run seed`: migrates the database named by DATABASE_URL and loads the Qingxu seed. */
async function main(): Promise<void> {
  const env = validateEnvironment(process.env);
  const dataSource = createDataSource(buildDataSourceOptions(env.DATABASE_URL));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const outcome = await seedQingxu(dataSource);
    process.stdout.write(
      outcome.seeded ? `Seeded Qingxu 2021-12-23: ${outcome.households} households\n` : `Nothing to do: ${outcome.reason}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
