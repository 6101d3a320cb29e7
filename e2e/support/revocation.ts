/** After Disconnect: the sandbox counted a revocation and no longer accepts the user's tokens. */
import { expect } from 'vitest';
import type { E2eStack } from './e2e-stack.js';

export async function expectRevokedAtHealthex(
  stack: E2eStack,
  tokens: { accessToken: string; refreshToken: string | null },
  revocationsBefore: number,
): Promise<void> {
  expect(stack.sandbox.stats().revocations).toBeGreaterThan(revocationsBefore);
  expect((await stack.sandbox.introspect(tokens.accessToken)).active).toBe(false);
  if (tokens.refreshToken) expect((await stack.sandbox.introspect(tokens.refreshToken)).active).toBe(false);
}
