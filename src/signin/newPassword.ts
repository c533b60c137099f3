// The answer to NEW_PASSWORD_REQUIRED (a FORCE_CHANGE_PASSWORD user's first sign-in): the new
// password, checked against the pool's policy, makes the user CONFIRMED and signs them in.
import type { RespondToAuthChallengeResponse } from '../api/generated/cognitoIdp';
import { checkPasswordIsUnicode, checkPasswordPolicy } from '../domain/passwords';
import type { StoredPool } from '../domain/userPool';
import { completeSignIn } from './complete';
import { invalidSession, missingParameter, userNotFound } from './errors';
import { changedMeanwhile, saveNewPassword } from './password';
import type { SignInClient, SignInServices } from './services';
import { checkAnswerUser, checkCanSignIn } from './users';

export async function answerNewPassword(
  s: SignInServices, pool: StoredPool, client: SignInClient, sessionId: string | undefined, responses: Record<string, string>,
): Promise<RespondToAuthChallengeResponse> {
  const password = responses.NEW_PASSWORD;
  if (!password) throw missingParameter('NEW_PASSWORD');
  checkPasswordIsUnicode(password);
  const session = sessionId ? await s.store.credentials.takeSession(sessionId, s.clock.now()) : undefined;
  if (!session || session.challenge !== 'NEW_PASSWORD_REQUIRED' || session.clientId !== client.clientId) throw invalidSession();
  const user = await s.store.users.findUser(pool.accountId, pool.id, session.usernameKey);
  if (!user) throw userNotFound();
  // The session is the user's it was opened for: not a namesake made after that user was deleted.
  if ((JSON.parse(session.state) as { sub?: string }).sub !== user.sub) throw invalidSession();
  await checkAnswerUser(s, pool, client, user, responses);
  checkCanSignIn(user);
  // Only a user still waiting for a new password sets one this way (another session of the same
  // temporary password, finished first, ended it).
  if (user.status !== 'FORCE_CHANGE_PASSWORD') throw invalidSession();
  try {
    checkPasswordPolicy(password, pool.settings.Policies?.PasswordPolicy);
  } catch (e) {
    // A password the policy refuses leaves the challenge open, as Cognito's does: the user tries again.
    await s.store.credentials.putSession(session);
    throw e;
  }
  if (!(await saveNewPassword(s, pool, user, password, 'CONFIRMED', true))) await changedMeanwhile(s, pool, user);
  return completeSignIn(s, pool, client, { ...user, status: 'CONFIRMED' });
}
