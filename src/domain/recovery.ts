// Where a pool sends a user's password reset code (AdminResetUserPassword; ForgotPassword uses
// the same rule): docs/spec.md section 9, "Admin user operations".
import type { StoredPool } from './userPool';

/** Where a message goes: the medium and the attribute whose value it goes to. */
export interface Delivery {
  medium: 'EMAIL' | 'SMS';
  attribute: 'email' | 'phone_number';
  destination: string;
}

/** [AWS] Reset codes go only to a verified email or phone number. */
function verified(attributes: readonly (readonly [string, string])[], attribute: 'email' | 'phone_number'): Delivery | undefined {
  const m = new Map(attributes);
  const destination = m.get(attribute);
  if (!destination || m.get(`${attribute}_verified`) !== 'true') return undefined;
  return { medium: attribute === 'email' ? 'EMAIL' : 'SMS', attribute, destination };
}

/**
 * The delivery of a reset code to a user with these attributes: 'admin_only' when the pool's
 * AccountRecoverySetting leaves recovery to administrators, undefined when the user has no
 * verified email or phone number the pool would use.
 * [AWS] AccountRecoverySettingType: the mechanisms in Priority order; without the setting, "the
 * legacy setting ... where SMS is preferred through email".
 */
export function recoveryDelivery(pool: StoredPool, attributes: readonly (readonly [string, string])[]): Delivery | 'admin_only' | undefined {
  const mechanisms = [...(pool.settings.AccountRecoverySetting?.RecoveryMechanisms ?? [])]
    .sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0)).map((m) => m.Name);
  if (!mechanisms.length) return verified(attributes, 'phone_number') ?? verified(attributes, 'email');
  if (mechanisms.length === 1 && mechanisms[0] === 'admin_only') return 'admin_only';
  for (const name of mechanisms) {
    const d = name === 'verified_email' ? verified(attributes, 'email') : name === 'verified_phone_number' ? verified(attributes, 'phone_number') : undefined;
    if (d) return d;
  }
  return undefined;
}
