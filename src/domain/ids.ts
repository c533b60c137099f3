import { randomBytes, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Uniform random characters from an alphabet (rejection sampling avoids modulo bias). */
export function randomChars(n: number, alphabet = ALNUM): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < n) {
    for (const b of randomBytes(n * 2)) {
      if (b < limit && out.length < n) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

export interface IdGenerator {
  /** `<region>_<9 alphanumerics>` (Cognito's pool id form). */
  poolId(region: string): string;
  /** `import-` + 10 alphanumerics (spec section 2). */
  jobId(): string;
  requestId(): string;
  uploadId(): string;
  /** A user's `sub`: a random UUID (spec section 4). */
  sub(): string;
  /** An app client's id (spec section 9, "App clients"). */
  clientId(): string;
  /** An app client's secret (spec section 9, "App clients"). */
  clientSecret(): string;
}

/**
 * [AWS] Cognito's client ids, read off published ones, are a 128-bit number in base 32 with the
 * digits 0-9a-v (no w-z in any of them), without leading zeros: 26 characters whose first is 0-7,
 * or (one id in eight or so) fewer. Spec section 9, "App clients".
 */
export function appClientId(): string {
  return BigInt(`0x${randomBytes(16).toString('hex')}`).toString(32);
}

const BASE32_DIGITS = '0123456789abcdefghijklmnopqrstuv';

/** [AWS] Published client secrets are 51 characters of the same digits 0-9a-v (spec section 9). */
export const appClientSecret = (): string => randomChars(51, BASE32_DIGITS);

export const randomIds: IdGenerator = {
  poolId: (region) => `${region}_${randomChars(9)}`,
  jobId: () => `import-${randomChars(10)}`,
  requestId: () => randomUUID(),
  uploadId: () => randomChars(16),
  sub: () => randomUUID(),
  clientId: appClientId,
  clientSecret: appClientSecret,
};
