/**
 * The activity log a patient can read, over real HTTP: twenty visits of the connect page (each
 * reading the record counts and the last-updated date) leave the grant and the confirmation in the
 * first screen, as one line per read and day; a refused "Get latest records" is shown as refused,
 * not as a use; "Show earlier activity" pages back. The audit trail still holds every event, and
 * its hash chain verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthDecisionsContext } from '../../demo/salus-features/health-decisions.js';
import { connectUser } from '../../testkit/stack/connected-users.js';
import { startTestStack, type TestStack } from '../../testkit/stack/test-stack.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import type { AuditEventDocument } from '../db/collections.js';

/** The widget asks for this many notable events per screen. */
const WIDGET_SCREEN = 10;

let stack: TestStack;
beforeAll(async () => {
  // No answer cache: every visit reads HealthEx again, as visits hours apart would.
  stack = await startTestStack({ env: { RECORDS_SUMMARY_CACHE_SECONDS: '0' } });
});
afterAll(() => stack?.close());

const line = (event: { action: string; outcome: string; feature?: string; times?: number }) => `${event.action}/${event.outcome}${event.feature ? `/${event.feature}` : ''}${event.times ? ` x${event.times}` : ''}`;

describe('the patient activity log', () => {
  it('keeps the grant in the first screen after 20 page visits, with the reads grouped per day, and the audit trail keeps every read', async () => {
    const user = await connectUser(stack, 'pa-visits', 'ava@sandbox.healthex.test');
    const api = stack.api(user.connectToken);
    for (let visit = 0; visit < 20; visit += 1) {
      await api.records.summary.query();
      await api.records.sharing.query();
    }
    const screen = await api.activity.log.query({ limit: WIDGET_SCREEN });
    expect(screen.events.map(line).sort()).toEqual(
      ['authorized/success', 'confirmed/success', 'page_reads/success/connect-records-summary x20', 'page_reads/success/connect-records-status x20'].sort(),
    );
    expect(screen.earlier).toBeNull();
    const times = screen.events.map((event) => Date.parse(event.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const audit = stack.db.collection<AuditEventDocument>('audit_events');
    expect(await audit.countDocuments({ userSub: 'pa-visits', action: 'token.use', actor: 'connect-records-summary' })).toBe(20);
    expect(await audit.countDocuments({ userSub: 'pa-visits', action: 'token.use', actor: 'connect-records-status' })).toBe(20);
    const chain = await verifyAuditChain(audit);
    expect(chain).toMatchObject({ ok: true, broken: null });
  }, 120_000); // 40 reads of the sandbox in turn: slow on a busy machine

  it("shows a Salus feature's use on its own line, and a refused update as refused, not as a use", async () => {
    const user = await connectUser(stack, 'pa-update', 'carmen@sandbox.healthex.test');
    stack.sandbox.resetRecordsUpdates('patient-carmen');
    const api = stack.api(user.connectToken);
    expect(await healthDecisionsContext({ connectServiceUrl: stack.service.url, serviceSecret: stack.serviceSecret }, user.user)).toMatchObject({ ok: true });
    expect(await api.records.update.mutate()).toEqual({ outcome: 'started' });
    expect(await api.records.update.mutate()).toMatchObject({ outcome: 'rate_limited' });
    const { events } = await api.activity.log.query({ limit: WIDGET_SCREEN });
    expect(events.map(line).sort()).toEqual(['authorized/success', 'confirmed/success', 'used/success/health-decisions', 'update_requested/success', 'update_requested/denied'].sort());
    expect(events[0]).toMatchObject({ action: 'update_requested', outcome: 'denied' });
    // The audit trail has both token uses, and both outcomes.
    const audit = stack.db.collection<AuditEventDocument>('audit_events');
    expect(await audit.countDocuments({ userSub: 'pa-update', action: 'token.use', actor: 'connect-records-update' })).toBe(2);
    expect(await audit.countDocuments({ userSub: 'pa-update', action: 'records.update', outcome: 'denied', reason: 'rate_limited' })).toBe(1);
  });

  it('"Show earlier activity": each screen says where the older one starts, until nothing is older', async () => {
    const user = await connectUser(stack, 'pa-screens', 'ben@sandbox.healthex.test');
    const api = stack.api(user.connectToken);
    await api.records.summary.query();
    const first = await api.activity.log.query({ limit: 1 });
    expect(first.events.map(line)).toEqual(['page_reads/success/connect-records-summary x1', 'confirmed/success']);
    expect(first.earlier).toBe(first.events[1]!.at);
    const second = await api.activity.log.query({ limit: 1, before: first.earlier! });
    expect(second.events.map(line)).toEqual(['authorized/success']);
    expect(second.earlier).toBeNull();
  });
});
