/**
 * Salus's host back end asking the connect service's back-end API whether personalisation is on for
 * a user — server to server, with Salus's service credential (never from the browser):
 *
 *   POST <connect>/backend/v1/is-connected
 *   Authorization: Bearer <service secret>
 *   { "user": { "iss": "https://salusai.demo", "sub": "salus-user-ava" }, "feature": "precision-medicine" }
 *   → 200 { "connected": true, "state": "connected" }
 */
import type { PersonalisationLookup } from './app.js';

export const PERSONALISATION_FEATURE = 'precision-medicine';

export function backendApiPersonalisation(options: { connectUrl: string; serviceSecret: string; feature?: string; timeoutMs?: number }): PersonalisationLookup {
  const url = new URL('/backend/v1/is-connected', options.connectUrl).href;
  return async (user) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.serviceSecret}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ user, feature: options.feature ?? PERSONALISATION_FEATURE }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    if (!response.ok) throw new Error(`the connect service's back-end API answered HTTP ${response.status}`);
    const body = (await response.json()) as { connected?: unknown };
    if (typeof body.connected !== 'boolean') throw new Error("unexpected answer from the connect service's back-end API");
    return body.connected;
  };
}
