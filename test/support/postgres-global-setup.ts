import pg from 'pg';

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The server `npm run test:pg` uses: TEST_POSTGRES_URL, else a postgres DATABASE_URL, else the local one. */
function testPostgresUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TEST_POSTGRES_URL) return env.TEST_POSTGRES_URL;
  if (/^postgres(ql)?:\/\//.test(env.DATABASE_URL ?? '')) return env.DATABASE_URL!;
  return LOCAL_SERVER;
}

/**
 * Jest global setup of the `pg` project (`*.pg-spec.ts`, suites that only make sense on
 * PostgreSQL). Stops the run with one clear message when nothing answers, instead of every suite
 * failing on its own connection error, and points createTestDatabase at the server (each suite
 * creates its own database there and drops it).
 */
export default async function requirePostgres(): Promise<void> {
  const url = testPostgresUrl();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `npm run test:pg needs PostgreSQL, and ${withoutPassword(url)} does not answer (${reason}). ` +
        'Start the server, or point TEST_POSTGRES_URL (or a postgres DATABASE_URL) at one.',
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  process.env.DATABASE_URL = url;
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'TEST_POSTGRES_URL';
  }
}
