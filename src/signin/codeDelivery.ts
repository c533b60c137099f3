// Where a user's code goes (a verified email, else a verified phone number), how the answer
// masks it, and the message itself, from the pool's templates (docs/spec.md section 9).
import { InvalidParameterException } from '../api/errors';
import type { CodeDeliveryDetailsType } from '../api/generated/cognitoIdp';
import type { StoredUser } from '../domain/user';
import type { StoredPool } from '../domain/userPool';
import type { MessageKind, OutgoingMessage } from '../messages/ports';

/** [OURS] defaults, where the pool sets no template (Cognito's console shows the same text). */
export const DEFAULT_SUBJECT = 'Your verification code';
export const DEFAULT_MESSAGE = 'Your verification code is {####}.';

interface Destination { medium: 'EMAIL' | 'SMS'; attribute: 'email' | 'phone_number'; address: string }

function destinationOf(user: StoredUser): Destination | undefined {
  const a = new Map(user.attributes);
  if (a.get('email') && a.get('email_verified') === 'true') return { medium: 'EMAIL', attribute: 'email', address: a.get('email')! };
  if (a.get('phone_number') && a.get('phone_number_verified') === 'true') return { medium: 'SMS', attribute: 'phone_number', address: a.get('phone_number')! };
  return undefined;
}

/** Cognito's masks, as its answers show them: `j***@e***.com`, `+*******0100`. */
export function maskDestination(d: Destination): string {
  if (d.medium === 'SMS') return `+*******${d.address.slice(-4)}`;
  const at = d.address.lastIndexOf('@');
  const domain = d.address.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  return `${d.address[0]}***@${domain[0]}***${dot > 0 ? domain.slice(dot) : ''}`;
}

/** The message carrying `code` to the user, and what the API answers of where it went. */
export function codeMessage(
  pool: StoredPool, user: StoredUser, kind: MessageKind, code: string, nowMs: number,
): { message: OutgoingMessage; details: CodeDeliveryDetailsType } {
  const d = destinationOf(user);
  if (!d) throw new InvalidParameterException('Cannot reset password for the user as there is no registered/verified email or phone_number');
  const t = pool.settings.VerificationMessageTemplate;
  const template = d.medium === 'EMAIL'
    ? t?.EmailMessage ?? pool.settings.EmailVerificationMessage ?? DEFAULT_MESSAGE
    : t?.SmsMessage ?? pool.settings.SmsVerificationMessage ?? DEFAULT_MESSAGE;
  const message: OutgoingMessage = {
    accountId: pool.accountId, poolId: pool.id, username: user.username, kind, medium: d.medium, destination: d.address,
    ...(d.medium === 'EMAIL' && { subject: t?.EmailSubject ?? pool.settings.EmailVerificationSubject ?? DEFAULT_SUBJECT }),
    body: template.replaceAll('{####}', code).replaceAll('{username}', user.username), code, sentMs: nowMs,
  };
  return { message, details: { Destination: maskDestination(d), DeliveryMedium: d.medium, AttributeName: d.attribute } };
}
