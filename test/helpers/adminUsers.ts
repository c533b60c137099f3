// What the end-to-end files of the admin user operations share (test/e2e/adminCreateUser.test.ts,
// adminUserChanges.test.ts): one server for the whole file, on a fake clock, its messages
// recorded; an SDK client of account A and one of account B; pools with email auto-verified.
import { before, after } from 'node:test';
import {
  CreateUserPoolCommand, type CognitoIdentityProviderClient, type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { cleanup, FakeClock, KEY_B, startTestServer, type TestServer } from './server';
import { RecordingOutbox } from './outbox';

export interface AdminUsersSuite {
  readonly clock: FakeClock;
  readonly outbox: RecordingOutbox;
  /** The file's server and its clients, there once the file's before hook has run: read them in tests. */
  server: TestServer;
  /** Account A's client (KEY_A). */
  sdk: CognitoIdentityProviderClient;
  /** Account B's client (KEY_B). */
  other: CognitoIdentityProviderClient;
  /** A pool named as the suite says, email auto-verified, made by account A unless another client is given. */
  newPool(input?: Partial<CreateUserPoolCommandInput>, client?: CognitoIdentityProviderClient): Promise<string>;
}

/** Registers the file's before and after hooks (a server started, then closed and its data dir removed). */
export function adminUsersSuite(poolName: string): AdminUsersSuite {
  const clock = new FakeClock(Math.floor(Date.now() / 1000) * 1000 + 250);
  const suite = { clock, outbox: new RecordingOutbox() } as AdminUsersSuite;
  suite.newPool = async (input = {}, client = suite.sdk) =>
    (await client.send(new CreateUserPoolCommand({ PoolName: poolName, AutoVerifiedAttributes: ['email'], ...input }))).UserPool!.Id!;
  before(async () => {
    suite.server = await startTestServer({ clock, outbox: suite.outbox });
    suite.sdk = suite.server.client({ clock });
    suite.other = suite.server.client({ key: KEY_B, clock });
  });
  after(async () => {
    await suite.server.close();
    cleanup(suite.server.dataDir);
  });
  return suite;
}

/** UserAttributes from an object, in its order: { email: 'a@b.c' } is [{ Name: 'email', Value: 'a@b.c' }]. */
export const attrs = (o: Record<string, string>): { Name: string; Value: string }[] => Object.entries(o).map(([Name, Value]) => ({ Name, Value }));
