/**
 * `npm run audit:verify` on a trail a real flow wrote (begin, callback, confirm, a back-end use):
 * it reports the chains when they are whole, and the first broken link, with exit code 1, after
 * an event was changed; the patient's activity log and the back-end API keep working on the chain.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { backendCall, connectUser } from '../../testkit/stack/connected-users.js';
import { startTestStack, type TestStack } from '../../testkit/stack/test-stack.js';

const CLI = fileURLToPath(new URL('./audit-trail.ts', import.meta.url));

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

function runCli(mode: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, mode], { env: { ...process.env, ...stack.env, MONGODB_URI: inject('mongodbUri') }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('npm run audit:verify', () => {
  it('passes on the trail a real flow wrote, and reports the first changed event with exit 1', { timeout: 150_000 }, async () => {
    const ava = await connectUser(stack, 'chain-ava', 'ava@sandbox.healthex.test');
    expect((await backendCall(stack, 'access-token', { user: ava.user, feature: 'health-decisions' })).status).toBe(200);
    // The patient's access log reads the chained events as before.
    const activity = (await stack.api(ava.connectToken).activity.log.query()).events.map((event) => event.action);
    expect(activity).toEqual(['used', 'confirmed', 'authorized']);

    const whole = await runCli('verify');
    expect(whole.stderr).toBe('');
    expect(whole.code).toBe(0);
    const total = await stack.db.collection('audit_events').countDocuments({});
    expect(whole.stdout).toMatch(new RegExp(`^OK: ${total} events in 1 chains, chained without a break\\. No checkpoint yet\\. 1 chain\\(s\\) have events newer than their last checkpoint\\.`));

    const confirm = await stack.db.collection('audit_events').findOne({ action: 'connection.confirm', userSub: 'chain-ava' });
    await stack.db.collection('audit_events').updateOne({ _id: confirm!._id }, { $set: { outcome: 'failure' } });
    const broken = await runCli('verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`BROKEN: 1 problem(s) found; ${total - 1} events check out.`);
    expect(broken.stdout).toContain(`${confirm!['chain']} event ${confirm!['seq']} (changed): event ${confirm!['seq']} of ${confirm!['chain']} (connection.confirm) does not match its hash`);
  });
});
