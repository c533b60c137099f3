// A fresh, empty database on a PostgreSQL server, for one measurement (bench/import, bench/api).
import pg from 'pg';

/** Drops `name` if it exists, creates it empty, and returns its URL on the server of `serverUrl`. */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await c.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
