import { toConnectApiError } from './api-client.js';
import type { RecordsTarget } from './connect-state.js';

/**
 * The reads behind the regions below the banner: the record counts, what is shared, the access log,
 * and "Get latest records". They ship in the page file with those regions (the controller calls
 * loadExtras through below-fold.ts; the buttons below the banner call the rest: page-handlers.ts),
 * not in the first file: the banner never needs them, and they start only after the status
 * answer, which is when the page file is asked for (render-order.ts).
 */

const ACTIVITY_LIMIT = 10;

/**
 * After every status read or change (the controller's loadExtras, once this file is in): when
 * connected, the counts and what is shared, then the access log (after the counts, whose read is
 * itself logged as a use); `counts: false` after a REAUTH_REQUIRED count read.
 */
export async function loadExtras(target: RecordsTarget, connected: boolean, counts: boolean): Promise<void> {
  if (connected && counts) {
    // Counts already shown stay while they are read again.
    if (typeof target.summary !== 'object' || !target.summary) target.summary = 'loading';
    target.changed();
    if (!(await loadCounts(target))) return;
  }
  await loadActivity(target);
}

/**
 * The counts and what is shared, each on its own (neither blocks the other); false when HealthEx
 * refused the authorization, so the status is read again (it is now reauth_required) instead of
 * the access log.
 */
async function loadCounts(target: RecordsTarget): Promise<boolean> {
  const client = target.client;
  if (!client) return false;
  const seq = target.extrasSeq;
  void client.sharing().then(
    (answer) => {
      if (seq !== target.extrasSeq) return;
      target.sharing = answer;
      target.changed();
    },
    () => {
      // Not known this time: the summary says where to look instead.
    },
  );
  try {
    const summary = await client.summary();
    if (seq !== target.extrasSeq) return false;
    target.summary = summary;
  } catch (error) {
    if (seq !== target.extrasSeq) return false;
    const { code } = toConnectApiError(error);
    // NOT_CONNECTED: the state changed meanwhile; the status read that follows tells how.
    target.summary = code === 'NOT_CONNECTED' ? null : 'failed';
    target.changed();
    // HealthEx refused the authorization: the status is now reauth_required, and the banner says so.
    if (code === 'REAUTH_REQUIRED') {
      await target.loadStatus(false);
      return false;
    }
  }
  target.changed();
  return true;
}

/** The access log's first screen; `earlier`: "Show earlier activity", the next-older screen added below. */
export async function loadActivity(target: RecordsTarget, earlier = false): Promise<void> {
  const client = target.client;
  const before = target.activityEarlier;
  if (!client || (earlier && before === null)) return;
  const seq = target.extrasSeq;
  try {
    const screen = await client.activity(ACTIVITY_LIMIT, earlier ? before! : undefined);
    if (seq !== target.extrasSeq || target.activityEarlier !== before) return;
    target.activity = earlier ? [...target.activity, ...screen.events] : screen.events;
    target.activityEarlier = screen.earlier;
    target.changed();
  } catch {
    // The log stays as it was: it is history, not something to act on.
  }
}

/** "Get latest records". */
export async function getLatest(target: RecordsTarget): Promise<void> {
  const client = target.client;
  if (!client || target.update === 'running') return;
  target.update = 'running';
  target.changed();
  try {
    target.update = await client.update();
  } catch (error) {
    // HealthEx refused the authorization (grant revoked, refresh refused): not a failed update but a
    // connection to renew; the status read says so in the banner, with Reconnect.
    if (toConnectApiError(error).code === 'REAUTH_REQUIRED') {
      target.update = null;
      return target.loadStatus(false);
    }
    target.update = 'failed';
  }
  target.changed();
  // The request (or its refusal) is now in the log.
  if (target.update !== 'failed') await loadActivity(target);
}
