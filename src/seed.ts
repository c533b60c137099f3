// --seed FILE (serve) and startServer({ seed }): the user pools a team's tests expect, made at
// start from one YAML (or JSON) file, so a test fixture is one file:
//
//   region: us-east-1            # where the pools are made (default us-east-1)
//   accountId: "111111111111"    # whose (default: the account of the server's first key)
//   pools:
//     - Id: us-east-1_fixture01  # optional: the pool's id, so tests can name it
//       PoolName: app
//       AutoVerifiedAttributes: [email]
//
// Each pool (less `Id`) is a CreateUserPool request, checked against the model as the API checks
// one and made by the same operation. A pool the account already has in that region (by `Id`, or
// without one by name) is left as it is: a restart on the same data dir changes nothing.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { ServiceBinding } from './operations';
import { createUserPool } from './operations/createUserPool';
import type { Services } from './operations/types';
import { validateInput } from './protocol/validate';

/** `<region>_<9 letters or digits>`, as Cognito's ids and ours (domain/ids.ts). */
const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d)_[0-9A-Za-z]{9}$/;
const ACCOUNT = /^\d{12}$/;

export class SeedError extends Error {}

interface SeedDoc {
  region?: unknown;
  accountId?: unknown;
  pools?: unknown;
}

/** Makes the file's pools that are not there yet; returns the ids of those made. */
export async function applySeed(file: string, p: { services: Services; cognito: ServiceBinding; defaultAccountId: string }): Promise<string[]> {
  const where = (what: string): string => `seed file ${file}${what}`;
  let doc: SeedDoc;
  try {
    doc = (parseYaml(readFileSync(file, 'utf8')) ?? {}) as SeedDoc;
  } catch (e) {
    throw new SeedError(`${where('')}: ${(e as Error).message}`);
  }
  const region = doc.region ?? 'us-east-1';
  if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new SeedError(`${where('')}: region must be a region name such as us-east-1`);
  const accountId = doc.accountId === undefined ? p.defaultAccountId : String(doc.accountId);
  if (!ACCOUNT.test(accountId)) throw new SeedError(`${where('')}: accountId must be 12 digits (quote it in YAML)`);
  if (!Array.isArray(doc.pools)) throw new SeedError(`${where('')}: expected a "pools" list`);
  const scope = { accountId, region };
  const existing = await p.services.store.pools.listPools(scope, 10_000);
  const made: string[] = [];
  for (const [i, entry] of doc.pools.entries()) {
    const at = where(`, pool ${i + 1}`);
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new SeedError(`${at}: expected a CreateUserPool request (PoolName, ...)`);
    const { Id: id, ...request } = entry as Record<string, unknown>;
    if (id !== undefined && (typeof id !== 'string' || POOL_ID.exec(id)?.[1] !== region)) {
      throw new SeedError(`${at}: Id must be ${region}_ and 9 letters or digits, as Cognito's pool ids are`);
    }
    // The API ignores members it does not know; in a fixture file one is a typo, and said so.
    const shape = p.cognito.shapes[p.cognito.operations.CreateUserPool.input] as { members?: [string, string, boolean][] };
    const unknown = Object.keys(request).filter((k) => !shape.members?.some(([m]) => m === k));
    if (unknown.length) throw new SeedError(`${at}: ${unknown.map((k) => `'${k}'`).join(', ')} is not a member of CreateUserPool's request (nor Id)`);
    let input: Parameters<ReturnType<typeof createUserPool>>[0];
    try {
      input = validateInput(p.cognito.shapes, p.cognito.operations.CreateUserPool.input, request);
    } catch (e) {
      throw new SeedError(`${at}: ${(e as Error).message}`);
    }
    if (existing.some((x) => (id !== undefined ? x.id === id : x.name === input.PoolName))) continue;
    const ids = id === undefined ? p.services.ids : { ...p.services.ids, poolId: () => id };
    const out = await createUserPool({ ...p.services, ids })(input, { scope, requestId: `seed-${i + 1}` });
    made.push(out.UserPool!.Id!);
  }
  return made;
}
