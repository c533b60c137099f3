// The texts a pool sends its users: the invitation of AdminCreateUser (with the temporary
// password) and the reset code of AdminResetUserPassword (ForgotPassword sends the same), from
// the pool's templates or Cognito's defaults. docs/spec.md section 9, "Admin user operations".
import type { Delivery } from '../domain/recovery';
import type { StoredPool } from '../domain/userPool';
import type { MessageKind, OutgoingMessage } from './ports';

/**
 * [AWS] Cognito's invitation when the pool has no InviteMessageTemplate, as the CDK documents the
 * defaults it leaves to Cognito (aws-cdk-lib aws_cognito UserInvitationConfig: emailSubject,
 * emailBody, smsMessage).
 */
export const DEFAULT_INVITATION = {
  emailSubject: 'Your temporary password',
  emailMessage: 'Your username is {username} and temporary password is {####}.',
  smsMessage: 'Your username is {username} and temporary password is {####}',
} as const;

/**
 * [AWS] Cognito's verification message when the pool sets none: the subject and text a pool made in
 * the console shows (aws/aws-cli's describe-user-pool example), without its trailing space.
 */
export const DEFAULT_VERIFICATION = {
  emailSubject: 'Your verification code',
  emailMessage: 'Your verification code is {####}.',
  smsMessage: 'Your verification code is {####}.',
} as const;

/** Placeholders replaced as text (split/join), so a `$` in a password or username stays as it is. */
const fill = (template: string, username: string, code: string): string =>
  template.split('{username}').join(username).split('{####}').join(code);

interface Common { pool: StoredPool; username: string; delivery: Delivery; nowMs: number }

function message(c: Common, kind: MessageKind, code: string, subject: string, body: string): OutgoingMessage {
  return {
    accountId: c.pool.accountId, poolId: c.pool.id, username: c.username, kind,
    medium: c.delivery.medium, destination: c.delivery.destination,
    ...(c.delivery.medium === 'EMAIL' && { subject: fill(subject, c.username, code) }),
    body: fill(body, c.username, code), code, sentMs: c.nowMs,
  };
}

/**
 * AdminCreateUser's invitation, from AdminCreateUserConfig.InviteMessageTemplate or the defaults.
 * [AWS] undefined when the template has no {####}: Cognito then does not deliver the invitation
 * (API reference, AdminCreateUser).
 */
export function invitationMessage(c: Common, password: string): OutgoingMessage | undefined {
  const t = c.pool.settings.AdminCreateUserConfig?.InviteMessageTemplate;
  const body = c.delivery.medium === 'EMAIL' ? t?.EmailMessage ?? DEFAULT_INVITATION.emailMessage : t?.SMSMessage ?? DEFAULT_INVITATION.smsMessage;
  if (!body.includes('{####}')) return undefined;
  return message(c, 'invitation', password, t?.EmailSubject ?? DEFAULT_INVITATION.emailSubject, body);
}

/**
 * A code message (reset_password, forgot_password), from the pool's VerificationMessageTemplate,
 * else its EmailVerificationMessage / EmailVerificationSubject / SmsVerificationMessage, else the defaults.
 */
export function codeMessage(c: Common, kind: MessageKind, code: string): OutgoingMessage {
  const s = c.pool.settings;
  const t = s.VerificationMessageTemplate;
  const subject = t?.EmailSubject ?? s.EmailVerificationSubject ?? DEFAULT_VERIFICATION.emailSubject;
  const body = c.delivery.medium === 'EMAIL'
    ? t?.EmailMessage ?? s.EmailVerificationMessage ?? DEFAULT_VERIFICATION.emailMessage
    : t?.SmsMessage ?? s.SmsVerificationMessage ?? DEFAULT_VERIFICATION.smsMessage;
  return message(c, kind, code, subject, body);
}
