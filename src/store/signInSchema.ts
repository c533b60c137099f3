// The sign-in tables (app clients, signing keys, credentials, codes, challenge sessions, refresh
// tokens), one schema for both backends: SQLite's migration 5 and PostgreSQL's migration 6 are
// this text with each backend's types. Kept apart from the users table, which the import writes
// at full speed: nothing here adds a column or an index to a user's row.
//
// Every row belongs to one pool (account_id, pool_id) and goes when the pool goes; a user's rows
// go with the user (keyed by username_key). Secrets are stored only as hashes where the server
// never needs them back (codes, refresh tokens); a signing key's private half and a client
// secret are stored as they are, as Cognito must keep them too.

type Dialect = { text: string; key: string; ms: string; int: string };

const SQLITE: Dialect = { text: 'TEXT', key: 'TEXT', ms: 'INTEGER', int: 'INTEGER' };
const POSTGRES: Dialect = { text: 'TEXT', key: 'TEXT COLLATE "C"', ms: 'BIGINT', int: 'INTEGER' };

function schema(d: Dialect): string {
  return `
-- App clients (CreateUserPoolClient...). client_id is unique across accounts: the public
-- operations (InitiateAuth...) find the pool from it alone.
CREATE TABLE app_clients (
  client_id     ${d.key} NOT NULL PRIMARY KEY,
  account_id    ${d.key} NOT NULL,
  region        ${d.key} NOT NULL,
  pool_id       ${d.key} NOT NULL,
  client_name   ${d.text} NOT NULL,
  client_secret ${d.text},
  created_ms    ${d.ms} NOT NULL,
  modified_ms   ${d.ms} NOT NULL,
  settings      ${d.text} NOT NULL
);
CREATE INDEX app_clients_by_pool ON app_clients (account_id, pool_id, created_ms, client_id);

-- A pool's RS256 token signing keys: the newest not retired signs; every one not retired is in
-- the pool's JWKS.
CREATE TABLE pool_signing_keys (
  account_id  ${d.key} NOT NULL,
  pool_id     ${d.key} NOT NULL,
  kid         ${d.key} NOT NULL,
  private_key ${d.text} NOT NULL,
  public_jwk  ${d.text} NOT NULL,
  created_ms  ${d.ms} NOT NULL,
  retired_ms  ${d.ms},
  PRIMARY KEY (account_id, pool_id, kid)
);

-- What sign-in keeps of a user besides users.password_hash: the SRP salt and verifier (made
-- whenever the server learns the password) and the wrong-password lockout.
CREATE TABLE user_credentials (
  account_id      ${d.key} NOT NULL,
  pool_id         ${d.key} NOT NULL,
  username_key    ${d.key} NOT NULL,
  srp_salt        ${d.text},
  srp_verifier    ${d.text},
  failed_attempts ${d.int} NOT NULL DEFAULT 0,
  locked_until_ms ${d.ms},
  PRIMARY KEY (account_id, pool_id, username_key)
);

-- One pending code per user and purpose (forgot_password...): its SHA-256, when it expires,
-- and the wrong tries so far.
CREATE TABLE user_codes (
  account_id   ${d.key} NOT NULL,
  pool_id      ${d.key} NOT NULL,
  username_key ${d.key} NOT NULL,
  purpose      ${d.key} NOT NULL,
  code_hash    ${d.text} NOT NULL,
  expires_ms   ${d.ms} NOT NULL,
  attempts     ${d.int} NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, pool_id, username_key, purpose)
);

-- A challenge in progress (PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED): the Session string the
-- client sends back is its id; state is the challenge's own (the SRP server secret included).
CREATE TABLE auth_sessions (
  session_id   ${d.key} NOT NULL PRIMARY KEY,
  account_id   ${d.key} NOT NULL,
  pool_id      ${d.key} NOT NULL,
  client_id    ${d.key} NOT NULL,
  username_key ${d.key} NOT NULL,
  challenge    ${d.key} NOT NULL,
  state        ${d.text} NOT NULL,
  expires_ms   ${d.ms} NOT NULL
);
CREATE INDEX auth_sessions_by_expiry ON auth_sessions (expires_ms);
CREATE INDEX auth_sessions_by_user ON auth_sessions (account_id, pool_id, username_key);

-- Refresh tokens, by the SHA-256 of the token. origin_jti is shared by the ID and access tokens
-- of the same sign-in: revoking the refresh token (RevokeToken, GlobalSignOut) revokes them.
CREATE TABLE refresh_tokens (
  token_hash   ${d.key} NOT NULL PRIMARY KEY,
  origin_jti   ${d.key} NOT NULL UNIQUE,
  account_id   ${d.key} NOT NULL,
  pool_id      ${d.key} NOT NULL,
  client_id    ${d.key} NOT NULL,
  username_key ${d.key} NOT NULL,
  auth_time_ms ${d.ms} NOT NULL,
  expires_ms   ${d.ms} NOT NULL,
  revoked_ms   ${d.ms}
);
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (account_id, pool_id, username_key);
`;
}

/** The tables a pool's deletion empties of its rows, and a user's deletion of the user's. */
export const POOL_TABLES = ['app_clients', 'pool_signing_keys', 'user_credentials', 'user_codes', 'auth_sessions', 'refresh_tokens'] as const;
export const USER_TABLES = ['user_credentials', 'user_codes', 'auth_sessions', 'refresh_tokens'] as const;

/**
 * The pool's own rows, a few per pool: they go in the pool deletion's own transaction on every
 * backend, so no client id resolves to a deleted pool. The rest of POOL_TABLES (USER_TABLES, up
 * to a row per user or more) go with the users: in the same transaction on PostgreSQL, in the
 * SQLite purge's chunks (sqlite/poolPurger.ts) after it.
 */
export const POOL_OWN_TABLES = POOL_TABLES.filter((t) => !(USER_TABLES as readonly string[]).includes(t));

export const SQLITE_SIGN_IN_MIGRATION = { version: 5, sql: schema(SQLITE) };
export const POSTGRES_SIGN_IN_MIGRATION = { version: 6, sql: schema(POSTGRES) };

/**
 * Pools by id alone, across accounts: the public routes (a pool's JWKS and discovery document)
 * and the access-token check know only the pool id. Pool ids are random (domain/ids.ts), but a
 * seed file may fix one, so the index is not unique and a lookup that finds two finds none
 * (PoolStore.findPoolById). A migration of its own: databases already at the sign-in version get it.
 */
const POOL_BY_ID = 'CREATE INDEX user_pools_by_id ON user_pools (pool_id);';

export const SQLITE_POOL_BY_ID_MIGRATION = { version: 6, sql: POOL_BY_ID };
export const POSTGRES_POOL_BY_ID_MIGRATION = { version: 7, sql: POOL_BY_ID };

/**
 * What the expiry sweep (src/worker/expirySweeper.ts) deletes by, so that a sweep every minute
 * reads the expired rows from an index rather than the whole table: refresh tokens by expiry
 * (deleted in chunks, each chunk a range of this index), codes by purpose then expiry (the
 * sweep names the purposes; a temporary password's row must outlive it and is never swept).
 */
const SWEEP_INDEXES = `
CREATE INDEX refresh_tokens_by_expiry ON refresh_tokens (expires_ms);
CREATE INDEX user_codes_by_expiry ON user_codes (purpose, expires_ms);
`;

export const SQLITE_SWEEP_INDEX_MIGRATION = { version: 7, sql: SWEEP_INDEXES };
export const POSTGRES_SWEEP_INDEX_MIGRATION = { version: 8, sql: SWEEP_INDEXES };

/**
 * Whose refresh token it is: the sub of the user it was issued to, besides the username. A user
 * deleted and made again under the same name (AdminCreateUser, an import) is another user, with
 * another sub: the old user's tokens are not the new one's. Rows of before are given their user's
 * sub; a row whose user is gone keeps '' (no user has it) until the sweep takes it.
 */
export const SQLITE_REFRESH_TOKEN_SUB_MIGRATION = {
  version: 8,
  sql: `
ALTER TABLE refresh_tokens ADD COLUMN sub TEXT NOT NULL DEFAULT '';
UPDATE refresh_tokens SET sub = COALESCE((SELECT u.sub FROM users AS u
  WHERE u.account_id = refresh_tokens.account_id AND u.pool_id = refresh_tokens.pool_id AND u.username_key = refresh_tokens.username_key), '');
`,
};
export const POSTGRES_REFRESH_TOKEN_SUB_MIGRATION = {
  version: 9,
  sql: `
ALTER TABLE refresh_tokens ADD COLUMN sub TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE refresh_tokens AS t SET sub = u.sub FROM users AS u
  WHERE u.account_id = t.account_id AND u.pool_id = t.pool_id AND u.username_key = t.username_key;
`,
};
