// The sign-in services as the server builds them (src/app.ts): the store, the clock, the hashing
// queue, the outbox and the token service it already has, the imported hashes' upgrades, and the SRP service (the process's
// SRP thread, src/signin/srpWorker.ts, which the server holds and lets go of when it closes).
import { randomBytes } from 'node:crypto';
import type { TokenService } from '../auth/tokens';
import type { Clock } from '../domain/clock';
import type { PasswordHashing } from '../domain/hashing';
import type { Outbox } from '../messages/ports';
import type { LockoutPolicy } from '../store/credentialPorts';
import type { Store } from '../store/ports';
import type { Logger } from '../logger';
import { hashUpgrades } from './hashUpgrades';
import type { SignInServices, SrpService } from './services';

export function signInServices(d: {
  store: Store; clock: Clock; passwords: PasswordHashing; outbox: Outbox; tokens: TokenService; lockout: LockoutPolicy; srp: SrpService; log: Logger;
}): SignInServices {
  const { log, ...services } = d;
  return { ...services, upgrades: hashUpgrades(services, log), randomToken: () => randomBytes(48).toString('base64url') };
}
