/**
 * Test-only helpers shared by the back-end API, records and activity tests: a user taken through
 * the whole flow to `connected`, and a call to the back-end HTTP API.
 */
import { TEST_ISSUER, type TestStack } from './test-stack.js';
import { completeAuthorization } from 'healthex-sandbox';
import { TEST_RETURN_URL } from './test-stack.js';

export interface ConnectedUser {
  sub: string;
  user: { iss: string; sub: string };
  connectToken: string;
}

/** begin → sandbox login/providers/consent as `patient` → callback → (confirm unless asked not to). */
export async function connectUser(
  stack: TestStack,
  sub: string,
  patient: string,
  options: { providers?: string[]; confirm?: boolean } = {},
): Promise<ConnectedUser> {
  const connectToken = await stack.tokenFor(sub);
  const api = stack.api(connectToken);
  const { authorizationUrl } = await api.connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'redirect' });
  const callback = await completeAuthorization(authorizationUrl, { username: patient, decision: 'allow', ...(options.providers ? { providers: options.providers } : {}) });
  const answer = await stack.get(callback);
  if (answer.status !== 303) throw new Error(`callback answered ${answer.status}`);
  if (options.confirm !== false) await api.connection.confirm.mutate();
  return { sub, user: { iss: TEST_ISSUER, sub }, connectToken };
}

/** POST to the back-end API; `secret: null` sends no Authorization header. */
export async function backendCall(stack: TestStack, path: 'is-connected' | 'access-token', body: unknown, secret: string | null = stack.serviceSecret) {
  const response = await fetch(`${stack.service.url}/backend/v1/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === null ? {} : { authorization: `Bearer ${secret}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

/** Makes the stored access token look expired, so the next use must refresh. */
export async function expireStoredAccessToken(stack: TestStack, sub: string): Promise<void> {
  const result = await stack.db.collection('connections').updateOne({ userIss: TEST_ISSUER, userSub: sub }, { $set: { accessTokenExpiresAt: new Date(Date.now() - 60_000) } });
  if (result.modifiedCount !== 1) throw new Error(`no connection for ${sub}`);
}
