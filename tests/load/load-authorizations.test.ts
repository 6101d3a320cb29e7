/**
 * The load test, at CI size: LOAD_USERS (default 200) complete authorizations for as many distinct
 * users, all at once. Zero errors, and every stored token introspects to its own user.
 * `npm run load:authorizations` runs it on its own and prints the figures.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../testkit/stack/test-stack.js';
import { formatFigures, loadAuthorizations } from '../../testkit/load/load-authorizations.js';

const USERS = Number(process.env.LOAD_USERS ?? 200);

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ env: { LOG_LEVEL: 'warn' } });
});
afterAll(() => stack?.close());

it(`${USERS} concurrent authorizations for ${USERS} distinct users: no errors, no mix-ups`, { timeout: 300_000 }, async () => {
  const figures = await loadAuthorizations(stack, USERS);
  console.log(formatFigures(figures));
  expect(figures.errors).toEqual([]);
  expect(figures.mixUps).toEqual([]);
});
