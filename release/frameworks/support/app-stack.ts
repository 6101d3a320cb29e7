/**
 * What every framework app runs against: the test stack (HealthEx sandbox, database, connect
 * service) trusting one host whose pages live on the app's own origin (http://127.0.0.1:<port>),
 * with a signing secret the app's back end knows, so the app mints its own connect tokens as a
 * host does.
 */
import { randomBytes } from 'node:crypto';
import { mintConnectToken } from '../../../demo/host-backend/mint-connect-token.js';
import { freePort } from '../../../server/net/free-port.js';
import { startTestStack, TEST_ISSUER, type TestStack } from '../../../testkit/stack/test-stack.js';

export interface AppStack {
  stack: TestStack;
  /** The app's origin (where its pages are served), trusted by the connect service. */
  appOrigin: string;
  appPort: number;
  apiBase: string;
  /** The host's token signing secret (base64url), for an app back end that mints tokens itself. */
  secret: string;
  issuer: string;
  mint(subject: string): Promise<string>;
  close(): Promise<void>;
}

export async function startAppStack(): Promise<AppStack> {
  const appPort = await freePort();
  const appOrigin = `http://127.0.0.1:${appPort}`;
  const secretBytes = randomBytes(32);
  const secret = secretBytes.toString('base64url');
  const stack = await startTestStack({
    env: { CONNECT_TOKEN_ISSUERS: JSON.stringify([{ issuer: TEST_ISSUER, secret, allowedOrigins: [appOrigin], displayName: 'Salus AI' }]), LOG_LEVEL: 'warn' },
  });
  return {
    stack,
    appOrigin,
    appPort,
    apiBase: stack.service.url,
    secret,
    issuer: TEST_ISSUER,
    mint: (subject) => mintConnectToken({ issuer: TEST_ISSUER, subject, secret: secretBytes }),
    close: () => stack.close(),
  };
}
