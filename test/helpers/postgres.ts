// PostgreSQL for tests: COGNITO_IMPORT_TEST_DATABASE_URL names a server (scripts/pg-test-cluster.sh
// starts a throwaway one); every store or test server gets a fresh database of its own.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env.COGNITO_IMPORT_TEST_DATABASE_URL || undefined;

/** Runs one statement on the server's admin database (the one the URL names). */
async function admin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * A fresh, empty database on the test server, and its URL; drop() removes it (WITH (FORCE): even
 * if a test left a connection open).
 */
export async function freshDatabase(url: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `ci_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await admin(url, `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return { url: u.toString(), name, drop: () => admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

