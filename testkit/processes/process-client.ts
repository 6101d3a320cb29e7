/**
 * Talking to a service process over HTTP the way its real callers do: the widget's tRPC calls (with
 * a connect token and the page's Origin) and a Salus back end's access-token request.
 */
import { createTRPCClient, httpLink } from '@trpc/client';
import { mintConnectToken } from '../../demo/host-backend/mint-connect-token.js';
import type { AppRouter } from '../../server/routers/app-router.js';
import { PROCESS_ISSUER, PROCESS_ORIGIN } from './service-process.js';

export const PROCESS_RETURN_URL = `${PROCESS_ORIGIN}/precision-medicine`;

export function connectTokenFor(issuerSecret: Uint8Array, subject: string): Promise<string> {
  return mintConnectToken({ issuer: PROCESS_ISSUER, subject, secret: issuerSecret });
}

/** The widget's API on one instance. */
export function widgetApi(serviceUrl: string, connectToken: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${serviceUrl}/trpc`, headers: () => ({ authorization: `Bearer ${connectToken}`, origin: PROCESS_ORIGIN }) })],
  });
}

/** The callback URL HealthEx redirected to, sent to another instance (same path and query). */
export function onInstance(callback: URL | string, serviceUrl: string): string {
  const url = new URL(callback);
  return `${serviceUrl}${url.pathname}${url.search}`;
}

/** POST /backend/v1/access-token as a Salus back-end service. */
export async function backendAccessToken(serviceUrl: string, serviceSecret: string, subject: string, feature = 'precision-medicine') {
  const response = await fetch(`${serviceUrl}/backend/v1/access-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${serviceSecret}` },
    body: JSON.stringify({ user: { iss: PROCESS_ISSUER, sub: subject }, feature }),
  });
  return { status: response.status, body: (await response.json()) as { accessToken?: string; error?: { code: string } } };
}
