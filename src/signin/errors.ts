// Sign-in's answers, with Cognito's messages (docs/spec.md section 9 has each with its source).
import {
  CodeMismatchException, ExpiredCodeException, InvalidParameterException, NotAuthorizedException,
  PasswordResetRequiredException, ResourceNotFoundException, UserNotConfirmedException, UserNotFoundException,
} from '../api/errors';
import { flowNotEnabledMessage } from '../domain/clientAuth';

export const incorrectPassword = (): NotAuthorizedException => new NotAuthorizedException('Incorrect username or password.');
export const userNotFound = (): UserNotFoundException => new UserNotFoundException('User does not exist.');
export const attemptsExceeded = (): NotAuthorizedException => new NotAuthorizedException('Password attempts exceeded');
export const userDisabled = (): NotAuthorizedException => new NotAuthorizedException('User is disabled.');
export const resetRequired = (): PasswordResetRequiredException => new PasswordResetRequiredException('Password reset required for the user');
/** [AWS] A FORCE_CHANGE_PASSWORD user's temporary password past TemporaryPasswordValidityDays. */
export const temporaryPasswordExpiredError = (): NotAuthorizedException =>
  new NotAuthorizedException('Temporary password has expired and must be reset by an administrator.');
export const notConfirmed = (): UserNotConfirmedException => new UserNotConfirmedException('User is not confirmed.');
export const clientNotFound = (clientId: string): ResourceNotFoundException =>
  new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
export const flowNotEnabled = (flow: string): InvalidParameterException => new InvalidParameterException(flowNotEnabledMessage(flow));
export const missingParameter = (name: string): InvalidParameterException =>
  new InvalidParameterException(`Missing required parameter ${name}`);
export const invalidRefreshToken = (): NotAuthorizedException => new NotAuthorizedException('Invalid Refresh Token');
export const invalidSession = (): NotAuthorizedException => new NotAuthorizedException('Invalid session for the user, session is expired.');
export const codeMismatch = (): CodeMismatchException => new CodeMismatchException('Invalid verification code provided, please try again.');
export const codeExpired = (): ExpiredCodeException => new ExpiredCodeException('Invalid code provided, please request a code again.');
/** [OURS] (docs/spec.md section 9): an SRP verifier needs the password, which an imported hash does not give. */
export const srpNeedsPassword = (): NotAuthorizedException => new NotAuthorizedException(
  'This user has no SRP verifier yet: the password was imported as a hash. Sign in once with USER_PASSWORD_AUTH ' +
  '(or ADMIN_USER_PASSWORD_AUTH); the server then makes the verifier, and USER_SRP_AUTH works from then on.');
