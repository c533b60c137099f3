// Errors that are not in the Cognito model: the protocol and authentication layer of an AWS
// JSON 1.1 service (spec section 1), each with the status AWS answers it with.
// The modeled ones (InvalidParameterException, ResourceNotFoundException, ...) are generated
// from the model into ./generated/cognitoIdp.ts.
import { ServiceError } from './serviceError';

export { ServiceError } from './serviceError';
export * from './generated/cognitoIdp';

export class UnknownOperationException extends ServiceError {
  constructor(message: string) {
    super('UnknownOperationException', 'client', message);
  }
}

export class SerializationException extends ServiceError {
  constructor(message: string) {
    super('SerializationException', 'client', message);
  }
}

/** [OURS] AWS's front door refuses oversized bodies with 413; the name says what happened. */
export class RequestEntityTooLargeException extends ServiceError {
  constructor(message: string) {
    super('RequestEntityTooLargeException', 'client', message, 413);
  }
}

/**
 * [OURS] A request body that does not arrive in time (src/http/body.ts). 408 as HTTP has it; the
 * name is one the AWS SDKs and botocore already treat as transient and retry
 * (TRANSIENT_ERROR_CODES in @smithy's retry classification, botocore/retries/standard.py).
 */
export class RequestTimeoutException extends ServiceError {
  constructor(message: string) {
    super('RequestTimeoutException', 'client', message, 408);
  }
}

// Cognito (Coral, like DynamoDB) answers auth failures with 400 and a plain __type:
// UnrecognizedClientException and InvalidSignatureException traces in aws/aws-sdk-php#2444,
// ArranJacques/laravel-aws-cognito-auth#18 and #25; message text from aws-sdk-net-extensions-cognito#95.
export class MissingAuthenticationTokenException extends ServiceError {
  constructor(message = 'Missing Authentication Token') {
    super('MissingAuthenticationTokenException', 'client', message, 400);
  }
}

export class IncompleteSignatureException extends ServiceError {
  constructor(message: string) {
    super('IncompleteSignatureException', 'client', message, 400);
  }
}

export class InvalidSignatureException extends ServiceError {
  constructor(message: string) {
    super('InvalidSignatureException', 'client', message, 400);
  }
}

export class UnrecognizedClientException extends ServiceError {
  constructor(message = 'The security token included in the request is invalid.') {
    super('UnrecognizedClientException', 'client', message, 400);
  }
}
