// What the admin user operations write besides a password (AdminCreateUser, AdminUpdateUserAttributes,
// AdminDisableUser, AdminEnableUser, AdminResetUserPassword; docs/spec.md section 9): one user
// created with its temporary password's expiry, a user's attributes and aliases replaced, its
// Enabled flag, its status. Every backend implements UserAdminStore and passes
// test/store/userAdmin.conformance.test.ts. Passwords are not written here:
// CredentialStore.savePassword writes every new one (with its SRP verifier).
import type { AliasKind, StoredUser, UserDraft } from '../domain/user';
import type { StoredCode, UserRef } from './credentialPorts';
import type { CreateOutcome } from './ports';

/** A user's new attributes and the aliases they give it (domain/userAttributes.ts aliasesOf). */
export interface AttributesChange {
  /** Every attribute, `sub` first: the users row's attributes as they will read. */
  attributes: [string, string][];
  aliases: { kind: AliasKind; value: string }[];
}

export type AttributesSaveOutcome =
  | 'saved'
  /** The attributes were changed by another request since they were read: nothing written, read again. */
  | 'changed'
  /** No such user (deleted meanwhile). */
  | 'gone'
  /** Another user of the pool holds this alias: nothing written. */
  | { aliasTaken: AliasKind };

export interface UserAdminStore {
  /**
   * One user, decided as the import decides a row (decideRowOutcomes: 'exists', an alias taken,
   * or 'created'), in one transaction with, when created, `temporaryPassword` as its code row of
   * purpose 'temporary_password' (domain/temporaryPasswords.ts) and none of the sign-in rows a
   * deleted user of the same name may have left (a new user starts with no codes, sessions or tokens).
   */
  createUser(accountId: string, poolId: string, draft: UserDraft, sub: string, nowMs: number, temporaryPassword?: StoredCode): Promise<CreateOutcome>;
  /**
   * Compare-and-set: the user's attributes, its aliases and the ListUsers index columns (attr_*),
   * only if its attributes are still `expected` (as read). A taken alias writes nothing.
   */
  saveAttributes(user: UserRef, expected: StoredUser['attributes'], change: AttributesChange, nowMs: number): Promise<AttributesSaveOutcome>;
  /**
   * Enabled true or false (ListUsers' `status` filter reads it); disabling revokes the user's
   * refresh tokens in the same transaction. False when there is no such user.
   */
  setEnabled(user: UserRef, enabled: boolean, nowMs: number): Promise<boolean>;
  /** The user's status becomes `to` if it is one of `from`; false otherwise (or no such user). */
  changeStatus(user: UserRef, from: readonly StoredUser['status'][], to: StoredUser['status'], nowMs: number): Promise<boolean>;
}

/**
 * Whether the stored attributes column (JSON text) still holds what the caller read: compared as
 * parsed values, so the check does not depend on how a backend wrote the text.
 */
export function attributesAsRead(stored: string, expected: StoredUser['attributes']): boolean {
  const now = JSON.parse(stored) as [string, string][];
  return now.length === expected.length && now.every(([n, v], i) => n === expected[i][0] && v === expected[i][1]);
}
