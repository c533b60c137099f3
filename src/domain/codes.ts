// One-time codes (ForgotPassword, AdminResetUserPassword): six digits, as Cognito's, kept only as
// their SHA-256 with an expiry of one hour (docs/spec.md section 9).
import { randomInt } from 'node:crypto';
import { safeEqual, sha256Hex } from '../auth/hmac';

export const CODE_TTL_MS = 60 * 60_000;
/** [OURS] Wrong tries a code survives; then it is void and a new one must be asked for. */
export const MAX_CODE_MISSES = 5;

export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');
export const hashCode = (code: string): string => sha256Hex(code);
export const codeMatches = (code: string, hash: string): boolean => safeEqual(hashCode(code), hash);
