// Users in a pool, as the import engine creates them and the Users API shows them (spec section 4).
import type { UserStatusType } from '../api/generated/cognitoIdp';

export type UserStatus = UserStatusType;

/** The sign-in aliases a pool can have; each value is unique in its pool. */
export type AliasKind = 'email' | 'phone_number' | 'preferred_username';

export interface StoredUser {
  accountId: string;
  poolId: string;
  username: string;
  /** The username as compared: lower-cased in a case-insensitive pool. */
  usernameKey: string;
  sub: string;
  status: UserStatus;
  enabled: boolean;
  createdMs: number;
  modifiedMs: number;
  /** Attribute name/value pairs in import order, `sub` first. */
  attributes: [string, string][];
  /** A PHC string (`$scrypt$...`, `$2b$...`); never the password itself. */
  passwordHash?: string;
}

/** A CSV row that passed every row rule: what the import engine asks the store to create. */
export interface UserDraft {
  username: string;
  usernameKey: string;
  /** Attributes set by the row, without `sub` (the store gives each new user a fresh one). */
  attributes: [string, string][];
  aliases: { kind: AliasKind; value: string }[];
  status: UserStatus;
  passwordHash?: string;
}

/** Case sensitivity follows the pool's UsernameConfiguration (spec section 4). */
export function usernameKey(username: string, caseSensitive: boolean): string {
  return caseSensitive ? username : username.toLowerCase();
}
