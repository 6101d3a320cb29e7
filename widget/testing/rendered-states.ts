/**
 * Every state the widget renders, mounted on the fake service for one locale and host profile: the
 * claim scans (host-truth.test.ts) and the phone-width checks (phone-layout.test.ts) walk them all.
 */
import type { HealthexConnect } from '../healthex-connect.js';
import type { HostProfile } from '../host-profile.js';
import { $, FakeUser, STATUSES, button, mount, waitFor } from './helpers.js';

export const RENDERED_STATES = [
  'loading',
  'not_connected',
  'authorized',
  'connected',
  'reauth_required',
  'error',
  'misconfigured',
  'disconnected',
  'disconnect-dialog',
] as const;
export type RenderedState = (typeof RENDERED_STATES)[number];

const look = (el: HealthexConnect) => $(el, '[part~="banner"]').dataset['look'];

/** Users whose status answer is held back (the loading state): released after each test. */
const holding: FakeUser[] = [];
export async function releaseHolds(): Promise<void> {
  await Promise.all(holding.splice(0).map((user) => user.update({ hold: [] })));
}

export async function mountState(state: RenderedState, locale: 'en' | 'es', profile: HostProfile | null): Promise<HealthexConnect> {
  const attributes = { locale };
  if (state === 'misconfigured') {
    const el = await mount({ attributes, profile, waitForStatus: false });
    await waitFor(() => look(el) === 'misconfigured', 'the misconfigured look', 5000);
    return el;
  }
  const status =
    state === 'loading' || state === 'error' ? STATUSES.not_connected : state === 'disconnected' || state === 'disconnect-dialog' ? STATUSES.connected : STATUSES[state];
  const user = await new FakeUser().setup({
    status,
    ...(state === 'loading' ? { hold: ['connection.status'] } : {}),
    ...(state === 'error' ? { failures: [{ path: 'connection.status', code: 'SERVICE_UNAVAILABLE' as const }] } : {}),
    ...(status.state === 'connected' ? { records: { labs: 12, medications: 3, visit_notes: 1, diagnoses: 4, immunizations: 9, procedures: 2, allergies: 1 } } : {}),
  });
  if (state === 'loading') holding.push(user);
  const el = await mount({ user, attributes, profile, waitForStatus: state !== 'loading' && state !== 'error' });
  if (state === 'error') await waitFor(() => look(el) === 'error', 'the error look');
  if (status.state === 'connected') await waitFor(() => el.shadowRoot!.querySelector('[part~="category-count"]')?.textContent?.trim(), 'the record counts');
  if (state === 'disconnected' || state === 'disconnect-dialog') {
    button(el, 'disconnect').click();
    const dialog = $(el, 'dialog') as HTMLDialogElement;
    await waitFor(() => dialog.open, 'the dialog');
    if (state === 'disconnected') {
      ($(el, '[data-dialog-confirm]') as HTMLButtonElement).click();
      await waitFor(() => el.shadowRoot!.querySelector('[part~="banner"] time'), 'the disconnected banner');
    }
  }
  await el.updateComplete;
  return el;
}

/** Everything the widget shows or links to: its text (the dialog's included) and every link target. */
export function renderedWords(el: HealthexConnect): string {
  const root = el.shadowRoot!;
  const links = [...root.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
  const labels = [...root.querySelectorAll('[aria-label]')].map((node) => node.getAttribute('aria-label') ?? '');
  return [root.textContent ?? '', ...links, ...labels].join('\n');
}
