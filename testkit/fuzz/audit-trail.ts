import type { TestStack } from '../stack/test-stack.js';

/**
 * Every refused request writes an audit event, and the embedded test engine's inserts slow down as a
 * collection grows into the thousands (docs/architecture.md §5). The fuzz tests are not about the audit trail
 * (audit.threats.test.ts is), so they empty it now and then to keep thousands of cases fast.
 */
export async function trimAuditTrail(stack: Pick<TestStack, 'db'>): Promise<void> {
  await stack.db.collection('audit_events').deleteMany({});
}
