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
}

export const randomIds: IdGenerator = {
  poolId: (region) => `${region}_${randomChars(9)}`,
  jobId: () => `import-${randomChars(10)}`,
  requestId: () => randomUUID(),
  uploadId: () => randomChars(16),
  sub: () => randomUUID(),
};
