// The sign-in services as the server builds them (src/app.ts): the store, the clock, the hashing
// queue, the outbox and the token service it already has, and the SRP functions.
import { randomBytes } from 'node:crypto';
import type { TokenService } from '../auth/tokens';
import { checkPasswordClaim, makeVerifier, newSecretBlock, startPasswordVerifier } from '../auth/srp';
import type { Clock } from '../domain/clock';
import type { PasswordHashing } from '../domain/hashing';
import type { Outbox } from '../messages/ports';
import type { LockoutPolicy } from '../store/credentialPorts';
import type { Store } from '../store/ports';
import type { SignInServices, SrpService } from './services';

const srp: SrpService = {
  makeVerifier: async (poolId, userIdForSrp, password) => makeVerifier(poolId, userIdForSrp, password),
  start: async (verifierHex) => startPasswordVerifier(verifierHex),
  newSecretBlock: () => newSecretBlock(),
  // The secret block named the challenge's state, so the one claimed is the one issued.
  check: async (c) => checkPasswordClaim({ ...c, claimedSecretBlock: c.secretBlock }),
};

export function signInServices(d: {
  store: Store; clock: Clock; passwords: PasswordHashing; outbox: Outbox; tokens: TokenService; lockout: LockoutPolicy;
}): SignInServices {
  return { ...d, srp, randomToken: () => randomBytes(48).toString('base64url') };
}
