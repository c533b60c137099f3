// A pool's RS256 signing keys: made on first need, rotated and retired by operators
// (docs/operations.md). The store keeps them (SigningKeyStore); this keeps their parsed forms.
// A private key never goes into a log line, an error message or an answer.
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type JsonWebKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { NewSigningKey, PoolRef, PublicJwk, SigningKeyInfo, SigningKeyStore } from '../../store/signInPorts';

const generate = promisify(generateKeyPair);

/**
 * A new key: RSA 2048, e = 65537, as Cognito's JWKS publish. The kid is, like Cognito's, 44
 * characters of standard base64: here the SHA-256 of the public key (so a kid names one key,
 * and is as unpredictable as the key). Made in libuv's thread pool: tens of milliseconds of work
 * that would otherwise hold the event loop.
 */
export async function newSigningKey(): Promise<NewSigningKey> {
  const { publicKey, privateKey } = await generate('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  const kid = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  const { n, e } = publicKey.export({ format: 'jwk' });
  return {
    kid,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicJwk: { alg: 'RS256', e: e!, kid, kty: 'RSA', n: n!, use: 'sig' },
  };
}

/** Parsed keys by what they are parsed from; parsing costs more than a signature. Bounded: cleared when full. */
class KeyObjects {
  private readonly map = new Map<string, KeyObject>();
  constructor(private readonly parse: (source: string) => KeyObject, private readonly max = 1_000) {}
  get(source: string): KeyObject {
    let k = this.map.get(source);
    if (!k) {
      if (this.map.size >= this.max) this.map.clear();
      k = this.parse(source);
      this.map.set(source, k);
    }
    return k;
  }
}

export interface SignerKey {
  kid: string;
  key: KeyObject;
}

export class PoolSigningKeys {
  private readonly privateKeys = new KeyObjects((pem) => createPrivateKey(pem));
  private readonly publicKeys = new KeyObjects((jwk) => createPublicKey({ key: JSON.parse(jwk) as JsonWebKey, format: 'jwk' }));
  /** First keys being made in this process, by pool: concurrent first sign-ins wait for one. */
  private readonly making = new Map<string, Promise<void>>();

  constructor(private readonly store: SigningKeyStore, private readonly make: () => Promise<NewSigningKey> = newSigningKey) {}

  /**
   * The key that signs now, made when the pool has none. Read every time, not cached: after a
   * rotation (by any instance) the next token is signed with the new key.
   */
  async signer(pool: PoolRef, nowMs: number): Promise<SignerKey> {
    let current = await this.store.currentKey(pool);
    if (!current) {
      await this.makeFirst(pool, nowMs);
      current = await this.store.currentKey(pool);
      if (!current) throw new Error(`no signing key for pool ${pool.poolId} after making one`);
    }
    return { kid: current.kid, key: this.privateKeys.get(current.privateKeyPem) };
  }

  /** The published key with this kid, parsed; undefined when the pool publishes none by that kid (unknown, or retired). */
  async verifier(pool: PoolRef, kid: string): Promise<KeyObject | undefined> {
    const k = (await this.store.publishedKeys(pool)).find((x) => x.kid === kid);
    return k && this.publicKeys.get(JSON.stringify(k.publicJwk));
  }

  /** The pool's JWKS members; a pool without a key gets its first, so a verifier never caches an empty set. */
  async jwks(pool: PoolRef, nowMs: number): Promise<PublicJwk[]> {
    let keys = await this.store.publishedKeys(pool);
    if (!keys.length) {
      await this.makeFirst(pool, nowMs);
      keys = await this.store.publishedKeys(pool);
    }
    return keys.map((k) => k.publicJwk);
  }

  /** A new key signs from now on; the others stay published, so tokens they signed keep verifying until retired. */
  async rotate(pool: PoolRef, nowMs: number): Promise<SigningKeyInfo> {
    const key = await this.make();
    await this.store.addKey(pool, key, nowMs);
    const added = (await this.store.listKeys(pool)).find((k) => k.kid === key.kid);
    if (!added) throw new Error(`the new signing key of pool ${pool.poolId} was not stored`);
    return added;
  }

  retire(pool: PoolRef, kid: string, nowMs: number): Promise<boolean> {
    return this.store.retireKey(pool, kid, nowMs);
  }

  list(pool: PoolRef): Promise<SigningKeyInfo[]> {
    return this.store.listKeys(pool);
  }

  /** Makes and offers a first key; one that loses to another maker (another instance, on PostgreSQL) is dropped. */
  private makeFirst(pool: PoolRef, nowMs: number): Promise<void> {
    const id = `${pool.accountId}/${pool.poolId}`;
    let p = this.making.get(id);
    if (!p) {
      p = (async () => {
        await this.store.addKey(pool, await this.make(), nowMs, { ifNone: true });
      })().finally(() => this.making.delete(id));
      this.making.set(id, p);
    }
    return p;
  }
}
