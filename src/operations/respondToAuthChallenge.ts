import type { Handler } from './types';
import type { SignInServices } from '../signin/services';
import { missingParameter } from '../signin/errors';
import { unsupportedFlow } from '../signin/flows';
import { answerNewPassword } from '../signin/newPassword';
import { answerPasswordVerifier } from '../signin/srpFlow';
import { requireClient } from '../signin/users';

/**
 * The public answer to a challenge (unsigned): PASSWORD_VERIFIER (SRP) and NEW_PASSWORD_REQUIRED,
 * each with USERNAME (the challenge's user) and, when the client has a secret, SECRET_HASH made
 * with it (checked once the challenge's user is known: src/signin/users.ts checkAnswerUser).
 */
export const respondToAuthChallenge = (s: SignInServices): Handler<'RespondToAuthChallenge'> => async (input) => {
  const { client, pool } = await requireClient(s, input.ClientId);
  const r = input.ChallengeResponses ?? {};
  if (!r.USERNAME) throw missingParameter('USERNAME');
  switch (input.ChallengeName) {
    case 'PASSWORD_VERIFIER': return answerPasswordVerifier(s, pool, client, r);
    case 'NEW_PASSWORD_REQUIRED': return answerNewPassword(s, pool, client, input.Session, r);
    default: throw unsupportedFlow();
  }
};
