/**
 * T29 (SECURITY.md): HealthEx's token endpoint fails or hangs while a patient comes back from
 * consenting. The callback shows a clear error within a bounded time (HEALTHEX_TIMEOUT_SECONDS = 2
 * here), the user can start again, and existing connections are untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenEndpointMode } from '../../testkit/fakes/fake-healthex.js';
import { startFaultStack, type FaultStack } from '../../testkit/faults/fault-stack.js';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack();
});
afterAll(() => stack?.close());

describe('T29 the HealthEx token endpoint fails or hangs', () => {
  for (const mode of ['hang', 'error', 'reset'] as TokenEndpointMode[]) {
    it(`${mode}: a clear error within the timeout, a fresh start works, other connections untouched`, { timeout: 30_000 }, async () => {
      const existing = `steady-${mode}`;
      expect((await stack.get(await stack.authorize(existing, `patient-${existing}`))).status).toBe(303);
      const existingBefore = await stack.db.collection('connections').findOne({ userSub: existing });

      const user = `unlucky-${mode}`;
      const callback = await stack.authorize(user, `patient-${user}`);
      stack.healthex.tokenEndpoint = mode;
      const started = Date.now();
      const answer = await stack.get(callback);
      const elapsed = Date.now() - started;
      stack.healthex.tokenEndpoint = 'ok';

      expect(answer.status).toBe(502);
      expect(elapsed).toBeLessThan(2_000 + 3_000); // the timeout plus slack on a busy machine
      const html = await answer.text();
      expect(html).toContain('HealthEx could not be reached');
      expect(html).toContain('healthex_result=error&#38;healthex_error=HEALTHEX_UNAVAILABLE'); // the way back, with the reason
      expect(await stack.db.collection('connections').countDocuments({ userSub: user })).toBe(0);
      expect(await stack.db.collection('audit_events').findOne({ userSub: user, action: 'authorization.callback' })).toMatchObject({ outcome: 'denied', reason: 'healthex_unavailable' });

      // Starting again works once HealthEx answers, and the other user's connection never moved.
      expect((await stack.get(await stack.authorize(user, `patient-${user}`))).status).toBe(303);
      expect((await stack.api(await stack.tokenFor(user)).connection.status.query()).state).toBe('authorized');
      expect(await stack.db.collection('connections').findOne({ userSub: existing })).toEqual(existingBefore);
    });
  }

  it('the readiness probe does not depend on HealthEx (an outage there must not take us out of the load balancer)', async () => {
    stack.healthex.tokenEndpoint = 'error';
    expect((await fetch(`${stack.service.url}/readyz`)).status).toBe(200);
    stack.healthex.tokenEndpoint = 'ok';
  });
});
