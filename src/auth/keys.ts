// Access keys and the accounts they belong to. Where keys come from is
// config's business (src/config.ts); this module holds them and makes or reads the two key
// files that live in the data dir, each readable only by its owner.
import { chmodSync, existsSync, linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { randomChars } from '../domain/ids';

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
}

export class KeyRing {
  private readonly byId = new Map<string, AccessKey>();
  constructor(keys: AccessKey[]) {
    for (const k of keys) this.byId.set(k.accessKeyId, k);
  }
  lookup(accessKeyId: string): AccessKey | undefined {
    return this.byId.get(accessKeyId);
  }
  get size(): number {
    return this.byId.size;
  }
}

const ACCOUNT = /^\d{12}$/;

/** What each of a key's fields is called where it came from (a file's fields, or environment variables). */
export interface KeyFieldNames {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
}

const FIELD_NAMES: KeyFieldNames = { accessKeyId: 'accessKeyId', secretAccessKey: 'secretAccessKey', accountId: 'accountId' };

/**
 * Secrets published as examples or as other tools' defaults: anyone can sign with them, so a
 * server that took one would answer whoever reaches its port.
 */
const WELL_KNOWN_SECRETS: ReadonlyMap<string, string> = new Map([
  ['test', "LocalStack's default"],
  ['testing', "moto's default"],
  ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', "the AWS documentation's example"],
  ['minioadmin', "MinIO's default"],
]);

/** `where` prefixes each message (a file and a key's number), or is empty when the names say it all. */
export function checkKey(k: Partial<AccessKey>, where: string, names: KeyFieldNames = FIELD_NAMES): AccessKey {
  const at = where ? `${where}: ` : '';
  if (!k.accessKeyId || !/^[A-Z0-9]{16,128}$/.test(k.accessKeyId)) throw new Error(`${at}${names.accessKeyId} must be 16-128 upper-case letters and digits`);
  const known = k.secretAccessKey === undefined ? undefined : WELL_KNOWN_SECRETS.get(k.secretAccessKey);
  if (known) {
    throw new Error(`${at}${names.secretAccessKey} is ${known} ('${k.secretAccessKey}'), which anyone could sign with: choose a random secret of at least 16 characters`);
  }
  if (!k.secretAccessKey || k.secretAccessKey.length < 16) throw new Error(`${at}${names.secretAccessKey} must be at least 16 characters`);
  const accountId = String(k.accountId ?? '000000000000');
  if (!ACCOUNT.test(accountId)) throw new Error(`${at}${names.accountId} must be 12 digits`);
  return { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey, accountId };
}

/**
 * A credentials file (YAML or JSON) with several keys, each in an account:
 *   keys:
 *     - { accessKeyId: AKIA..., secretAccessKey: ..., accountId: "111111111111" }
 */
export function readCredentialsFile(file: string): AccessKey[] {
  const doc = parseYaml(readFileSync(file, 'utf8')) as { keys?: Partial<AccessKey>[] } | Partial<AccessKey>[] | null;
  const list = Array.isArray(doc) ? doc : doc?.keys;
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${file}: expected a "keys" list with at least one key`);
  return list.map((k, i) => checkKey(k, `${file}: key ${i + 1}`));
}

export const newAccessKeyId = (): string => `AKIA${randomChars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
export const newSecret = (): string => randomChars(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');

/**
 * Reads the key file, or makes it. Instances sharing a data dir may start at the same moment:
 * the file is written whole under a temporary name and linked into place, which fails for all
 * but the first (EEXIST); the others then read the winner's file, complete by then.
 */
function readOrCreate(file: string, make: () => AccessKey): { key: AccessKey; created: boolean } {
  const read = (): AccessKey => checkKey(JSON.parse(readFileSync(file, 'utf8')) as AccessKey, file);
  if (existsSync(file)) return { key: read(), created: false };
  const key = make();
  const tmp = `${file}.${process.pid}.${randomChars(8)}.tmp`;
  writeFileSync(tmp, JSON.stringify(key, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  try {
    chmodSync(tmp, 0o600);
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return { key: read(), created: false };
  } finally {
    rmSync(tmp, { force: true });
  }
  return { key, created: true };
}

/** The key made on first start when none is configured (printed once as export lines). */
export function generatedUserKey(dataDir: string): { key: AccessKey; created: boolean } {
  return readOrCreate(join(dataDir, 'credentials.json'), () => ({ accessKeyId: newAccessKeyId(), secretAccessKey: newSecret(), accountId: '000000000000' }));
}

/** The server's own key for signing pre-signed upload URLs; never accepted on the API. */
export function uploadSigningKey(dataDir: string): AccessKey {
  return readOrCreate(join(dataDir, 'upload-signing-key.json'), () => ({ accessKeyId: newAccessKeyId(), secretAccessKey: newSecret(), accountId: '000000000000' })).key;
}
