// A password reset code on its way to a user (ForgotPassword, AdminResetUserPassword): where it
// goes by the pool's AccountRecoverySetting, stored only as its hash, and sent through the outbox.
import { CodeDeliveryFailureException, InvalidParameterException, LimitExceededException, NotAuthorizedException } from '../api/errors';
import type { CodeDeliveryDetailsType } from '../api/generated/cognitoIdp';
import { CODE_PURPOSES, CODE_TTL_MS, hashCode, MAX_CODE_MISSES, newCode } from '../domain/codes';
import { recoveryDelivery, type Delivery } from '../domain/recovery';
import type { StoredUser } from '../domain/user';
import type { StoredPool } from '../domain/userPool';
import { MessageNotSentError, type MessageKind, type Outbox } from '../messages/ports';
import { codeMessage } from '../messages/userMessages';
import type { Store } from '../store/ports';
import type { Clock } from '../domain/clock';

/** [AWS] The words applications match on ForgotPassword's answer (spec section 9 sources). */
export const NO_RECOVERY = 'Cannot reset password for the user as there is no registered/verified email or phone_number';
/** [OURS] A pool whose AccountRecoverySetting is admin_only only: the API reference asks for self-service recovery. */
export const ADMIN_ONLY = 'The user pool\'s AccountRecoverySetting is admin_only, so no reset code can be sent; use AdminSetUserPassword.';
/** [AWS] LimitExceededException's text for too many tries (spec section 9). */
export const ATTEMPT_LIMIT = 'Attempt limit exceeded, please try after some time.';

/** Where the pool sends this user's reset code; Cognito's answers when there is nowhere. */
export function resetDelivery(pool: StoredPool, user: StoredUser): Delivery {
  const delivery = recoveryDelivery(pool, user.attributes);
  if (delivery === 'admin_only') throw new NotAuthorizedException(ADMIN_ONLY);
  if (!delivery) throw new InvalidParameterException(NO_RECOVERY);
  return delivery;
}

/** Cognito's masks, as its answers show them: `j***@e***.com`, `+*******0100`. */
export function maskDestination(d: Delivery): string {
  if (d.medium === 'SMS') return `+*******${d.destination.slice(-4)}`;
  const at = d.destination.lastIndexOf('@');
  const domain = d.destination.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  return `${d.destination[0]}***@${domain[0]}***${dot > 0 ? domain.slice(dot) : ''}`;
}

/**
 * Stores a new code and sends it. `keepTries` (ForgotPassword, anyone may call it): a code asked
 * for again within the hour keeps the tries of the one it replaces, and once those are used up
 * no new one is sent until it expires ([OURS], so asking again does not buy more guesses).
 * Undefined, nothing sent, when the user was deleted since it was read.
 */
export async function sendResetCode(
  s: { store: Store; clock: Clock; outbox: Outbox }, pool: StoredPool, user: StoredUser, delivery: Delivery, kind: MessageKind, keepTries: boolean,
): Promise<CodeDeliveryDetailsType | undefined> {
  const ref = { accountId: pool.accountId, poolId: pool.id, usernameKey: user.usernameKey };
  const nowMs = s.clock.now();
  const before = keepTries ? await s.store.credentials.findCode(ref, CODE_PURPOSES.forgotPassword) : undefined;
  const tries = before && before.expiresMs >= nowMs ? before.attempts : 0;
  if (tries >= MAX_CODE_MISSES) throw new LimitExceededException(ATTEMPT_LIMIT);
  const code = newCode();
  if (!(await s.store.credentials.putCode(ref, CODE_PURPOSES.forgotPassword, { codeHash: hashCode(code), expiresMs: nowMs + CODE_TTL_MS, attempts: tries }))) return undefined;
  try {
    await s.outbox.send(codeMessage({ pool, username: user.username, delivery, nowMs }, kind, code));
  } catch (e) {
    // Written to the outbox, but SMTP refused it: the caller learns the code did not go out.
    if (e instanceof MessageNotSentError) throw new CodeDeliveryFailureException('The code could not be delivered; try again later.');
    throw e;
  }
  return { Destination: maskDestination(delivery), DeliveryMedium: delivery.medium, AttributeName: delivery.attribute };
}
