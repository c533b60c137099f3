// What becomes of each user row of a batch (spec section 4): the one place this rule is written.
// The stores read the facts (which of the batch's usernames and alias values the pool already
// holds) inside the batch's transaction, ask decideRowOutcomes, and write what it decided; neither
// their code nor their SQL decides a row on its own.
import type { AliasKind, UserDraft } from './user';

/** What becomes of one draft user: imported, skipped (SKIPPED), or failed for an alias (FAILED). */
export type RowOutcome = 'created' | 'exists' | { aliasTaken: AliasKind };

/** An alias as the facts name it: its kind and its value, kept apart by U+0000 (no kind holds it). */
export const aliasId = (kind: AliasKind, value: string): string => `${kind}\0${value}`;

/** What the pool held when the batch's transaction read it, of the batch's own usernames and aliases. */
export interface PoolFacts {
  /** Username keys (UserDraft.usernameKey) of the batch that a user of the pool already has. */
  readonly usernames: ReadonlySet<string>;
  /** Aliases (aliasId) of the batch that a user of the pool already holds. */
  readonly aliases: ReadonlySet<string>;
}

/** The facts of a pool that holds none of the batch's usernames or aliases: the usual case. */
export const NOTHING_HELD: PoolFacts = { usernames: new Set(), aliases: new Set() };

/** What a store must read to decide a batch: its distinct username keys and aliases. */
export function factsToRead(drafts: readonly UserDraft[]): { usernames: string[]; aliases: { kind: AliasKind; value: string }[] } {
  const usernames = [...new Set(drafts.map((d) => d.usernameKey))];
  const aliases: { kind: AliasKind; value: string }[] = [];
  const seen = new Set<string>();
  for (const d of drafts) {
    for (const a of d.aliases) {
      const id = aliasId(a.kind, a.value);
      if (!seen.has(id)) {
        seen.add(id);
        aliases.push(a);
      }
    }
  }
  return { usernames, aliases };
}

/**
 * The usernames and aliases of the batch (as factsToRead lists them) that its created rows do not
 * take: a store that writes the likely decision (NOTHING_HELD) and lets its unique indexes tell
 * it whether the pool held a username or alias written must look these up itself (usually none).
 */
export function factsNotWritten(drafts: readonly UserDraft[], outcomes: readonly RowOutcome[]): ReturnType<typeof factsToRead> {
  const names = new Set<string>();
  const aliases = new Set<string>();
  for (let i = 0; i < drafts.length; i++) {
    if (outcomes[i] !== 'created') continue;
    names.add(drafts[i].usernameKey);
    for (const a of drafts[i].aliases) aliases.add(aliasId(a.kind, a.value));
  }
  const all = factsToRead(drafts);
  return { usernames: all.usernames.filter((k) => !names.has(k)), aliases: all.aliases.filter((a) => !aliases.has(aliasId(a.kind, a.value))) };
}

/**
 * Each draft's outcome, in draft order, as if the rows were written one by one (RowDecider).
 */
export function decideRowOutcomes(drafts: readonly UserDraft[], held: PoolFacts): RowOutcome[] {
  const decider = new RowDecider(held);
  const out: RowOutcome[] = new Array(drafts.length);
  for (let i = 0; i < drafts.length; i++) out[i] = decider.decide(drafts[i]);
  return out;
}

/**
 * Decides rows one at a time, in order, remembering what the rows it created took:
 * - a username the pool holds, or an earlier row created, is 'exists' (whatever its aliases);
 * - else the first of its aliases (in the draft's order) that another user of the pool holds,
 *   or an earlier created row took, is { aliasTaken: kind };
 * - else 'created', and its username and aliases count as held for the rows after it.
 * A row refused (exists, aliasTaken) takes nothing: a later row may use its username or aliases.
 * `By` names a created row for the messages of the rows it refuses (import-check: its line).
 */
export class RowDecider<By = undefined> {
  private readonly names: Map<string, By | undefined>;
  private readonly aliases: Map<string, By | undefined>;
  /** After a refusal: the `by` of the row that took what the refused row asked for; undefined when the pool held it. */
  holder: By | undefined;

  constructor(held: PoolFacts = NOTHING_HELD) {
    this.names = new Map([...held.usernames].map((n) => [n, undefined]));
    this.aliases = new Map([...held.aliases].map((a) => [a, undefined]));
  }

  decide(d: UserDraft, by?: By): RowOutcome {
    if (this.names.has(d.usernameKey)) {
      this.holder = this.names.get(d.usernameKey);
      return 'exists';
    }
    for (const a of d.aliases) {
      const id = aliasId(a.kind, a.value);
      if (this.aliases.has(id)) {
        this.holder = this.aliases.get(id);
        return { aliasTaken: a.kind };
      }
    }
    this.names.set(d.usernameKey, by);
    for (const a of d.aliases) this.aliases.set(aliasId(a.kind, a.value), by);
    return 'created';
  }
}
