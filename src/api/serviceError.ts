// Every error the API answers with is a ServiceError: its wire name, its fault, its message.
// Cognito answers every client error with HTTP 400 and InternalErrorException with 500
// (spec section 1), whatever the model's httpError traits say; a few protocol-level errors
// (auth, body size) carry their own status.
export type Fault = 'client' | 'server';

export class ServiceError extends Error {
  readonly status: number;
  constructor(
    readonly wireName: string,
    readonly fault: Fault,
    message: string,
    status?: number,
  ) {
    super(message);
    this.name = wireName;
    this.status = status ?? (fault === 'server' ? 500 : 400);
  }
}
