/**
 * Browser-side helpers for the widget tests: script the fake connect service, mount the element,
 * wait for conditions (never fixed sleeps), run axe.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import type { AxeResults, RunOptions } from 'axe-core';
import { expect } from 'chai';
import type { HealthexConnect } from '../healthex-connect.js';
import '../define.js';
import type { HostProfile } from '../host-profile.js';
import { SALUS_PROFILE } from './host-profiles.js';
import type { ActivityEvent, AppErrorCode, AttemptOutcome, AuthorizationResult, ConnectionStatus, RecordCategory, RecordsUpdate } from '../types.js';

export type FailureCode = AppErrorCode | 'NETWORK';

export interface Scenario {
  status?: ConnectionStatus;
  minGeneration?: number;
  consent?: 'allow' | 'deny' | 'error';
  callbackError?: AppErrorCode;
  failures?: { path: string; code: FailureCode }[];
  /** Counts for `records.summary` (missing categories count 0). */
  records?: Partial<Record<RecordCategory, number>>;
  /** The access log, newest first; the fake adds events as things happen. */
  activity?: ActivityEvent[];
  /** Procedures whose answers are held back until `update({ hold: [] })` (loading states). */
  hold?: string[];
  /** Counted categories shown as not available / as "N or more". */
  unavailable?: RecordCategory[];
  more?: RecordCategory[];
  /** Counted categories whose answer the service did not recognise ("included", no number). */
  included?: RecordCategory[];
  /** The window of the counted tiles (null, the default: the whole history), and per-category fallbacks. */
  windowYears?: number | null;
  windows?: Partial<Record<RecordCategory, number>>;
  active?: Partial<Record<RecordCategory, number>>;
  /** What `records.sharing` answers (null: unknown). */
  sharing?: { organisations: string[] | null; lastUpdatedAt: string | null; updating: boolean | null };
  /** What `records.update` answers. */
  updateOutcome?: RecordsUpdate;
  /** Finished authorizations by attempt nonce, as `connection.attempt` reports them. */
  attempts?: Record<string, AttemptOutcome>;
}

export interface ScenarioRecord extends Required<Scenario> {
  calls: { path: string; generation: number | null; outcome: string }[];
  begins: { returnUrl: string; mode: 'popup' | 'redirect'; attempt?: string }[];
  activityInputs: unknown[];
}

let info: Promise<{ apiBase: string; pageOrigins: string[] }> | undefined;

/** The fake service's base URL (another origin than the test page). */
export async function apiBase(): Promise<string> {
  info ??= executeServerCommand('fake-connect', { action: 'info' });
  return (await info).apiBase;
}

export const STATUSES: Record<ConnectionStatus['state'], ConnectionStatus> = {
  not_connected: { state: 'not_connected', scope: [], authorizedAt: null, connectedAt: null },
  authorized: { state: 'authorized', scope: ['patient/*.read', 'offline_access'], authorizedAt: '2025-03-04T10:00:00.000Z', connectedAt: null },
  connected: {
    state: 'connected',
    scope: ['patient/*.read', 'offline_access'],
    authorizedAt: '2025-03-04T10:00:00.000Z',
    connectedAt: '2025-03-05T12:00:00.000Z',
  },
  reauth_required: {
    state: 'reauth_required',
    scope: ['patient/*.read', 'offline_access'],
    authorizedAt: '2025-03-04T10:00:00.000Z',
    connectedAt: '2025-03-05T12:00:00.000Z',
  },
};

/** A fresh user on the fake service; its tokens are `fake.<user>.<generation>`. */
export class FakeUser {
  readonly id = `u${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36)}`;

  token(generation = 1): string {
    return `fake.${this.id}.${generation}`;
  }

  async setup(scenario: Scenario = {}): Promise<this> {
    await executeServerCommand('fake-connect', { action: 'setup', user: this.id, scenario });
    return this;
  }

  async update(scenario: Scenario): Promise<void> {
    await executeServerCommand('fake-connect', { action: 'update', user: this.id, scenario });
  }

  async record(): Promise<ScenarioRecord> {
    return executeServerCommand('fake-connect', { action: 'get', user: this.id });
  }

  async calls(path?: string): Promise<ScenarioRecord['calls']> {
    const { calls } = await this.record();
    return path ? calls.filter((c) => c.path === path) : calls;
  }
}

/** Polls until `condition` holds (or throws after `timeout`): waits on behaviour, not on time. */
export async function waitFor(condition: () => unknown | Promise<unknown>, message = 'condition', timeout = 5000): Promise<void> {
  const start = performance.now();
  for (;;) {
    try {
      if (await condition()) return;
    } catch {
      // not yet
    }
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const mounted: Element[] = [];

export interface MountOptions {
  user?: FakeUser;
  attributes?: Record<string, string>;
  /** Wrapper `lang`, to test the page-language default. */
  lang?: string;
  /** Wait for the first status (default) or not. */
  waitForStatus?: boolean;
  before?: (el: HealthexConnect) => void;
  /** The host profile (`host-profile` attribute); default the seed's Salus AI, null for none. */
  profile?: HostProfile | null;
}

/** Mounts `<healthex-connect>` inside a `<main>` and waits for its first status. */
export async function mount(options: MountOptions = {}): Promise<HealthexConnect> {
  const main = document.createElement('main');
  if (options.lang) main.lang = options.lang;
  const heading = document.createElement('h1');
  heading.textContent = 'Connect your medical records';
  main.append(heading);
  const el = document.createElement('healthex-connect');
  el.setAttribute('api-base', await apiBase());
  el.setAttribute('return-href', '/precision-medicine');
  if (options.user) el.setAttribute('token', options.user.token());
  const profile = options.profile === undefined ? SALUS_PROFILE : options.profile;
  if (profile) el.setAttribute('host-profile', JSON.stringify(profile));
  for (const [name, value] of Object.entries(options.attributes ?? {})) el.setAttribute(name, value);
  options.before?.(el);
  main.append(el);
  document.body.append(main);
  mounted.push(main);
  await el.updateComplete;
  if (options.waitForStatus !== false) await waitFor(() => el.status !== null, 'the first status');
  await el.updateComplete;
  return el;
}

export function cleanup(): void {
  for (const node of mounted.splice(0)) node.remove();
}

export function $(el: HealthexConnect, selector: string): HTMLElement {
  const found = el.shadowRoot!.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`no ${selector} in <healthex-connect>`);
  return found;
}

export type ButtonAction = 'authorize' | 'confirm' | 'disconnect' | 'retry' | 'counts-retry' | 'show-popup' | 'cancel-popup' | 'update' | 'activity-earlier';

export function button(el: HealthexConnect, action: ButtonAction): HTMLButtonElement {
  return $(el, `[data-action='${action}']`) as HTMLButtonElement;
}

export function maybeButton(el: HealthexConnect, action: ButtonAction): HTMLButtonElement | null {
  return el.shadowRoot!.querySelector<HTMLButtonElement>(`[data-action='${action}']`);
}

export function bannerText(el: HealthexConnect): string {
  return text($(el, '[part~="banner"] [role="status"]'));
}

/** The category tiles' count lines, in order (empty while loading); [] when there are none. */
export function counts(el: HealthexConnect): string[] {
  return [...el.shadowRoot!.querySelectorAll('[part~="category-count"]')].map(text);
}

/** The access log's entries as shown: `[sentence, <time datetime>, <time> text]`, newest first. */
export function activityEntries(el: HealthexConnect): [string, string, string][] {
  return [...el.shadowRoot!.querySelectorAll('[part~="activity-event"]')].map((li) => {
    const time = li.querySelector('time')!;
    return [text(li.querySelector('span')!), time.getAttribute('datetime') ?? '', text(time)];
  });
}

export function text(node: Element): string {
  return (node.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The element focused inside the widget's shadow root (null when focus is elsewhere). */
export function focused(el: HealthexConnect): Element | null {
  return document.activeElement === el ? el.shadowRoot!.activeElement : null;
}

/** Records the widget's events. */
export function recordEvents(
  el: HealthexConnect,
  types = ['healthex-status-change', 'healthex-connected', 'healthex-disconnected', 'healthex-error'],
): { type: string; detail: unknown }[] {
  const events: { type: string; detail: unknown }[] = [];
  for (const type of types) {
    // Listen on the document: the events bubble and are composed.
    document.addEventListener(type, (event) => {
      if (event.target === el) events.push({ type, detail: (event as CustomEvent).detail });
    });
  }
  return events;
}

declare global {
  interface Window {
    axe: { run(context: unknown, options?: RunOptions): Promise<AxeResults> };
  }
}

/** axe-core on the widget (shadow DOM included): WCAG 2.x A/AA, 2.2 AA and best practices. */
export async function expectAccessible(el: HealthexConnect): Promise<void> {
  await el.updateComplete;
  const results = await window.axe.run(el, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    resultTypes: ['violations'],
  });
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join('\n    ')}`,
  );
  expect(summary, summary.join('\n')).to.deep.equal([]);
}

/** A `connection.begin` input without its nonce, after checking the same nonce is in the return URL. */
export function withoutNonce(begin: ScenarioRecord['begins'][number]): { returnUrl: string; mode: 'popup' | 'redirect' } {
  expect(new URL(begin.returnUrl).searchParams.get('healthex_attempt'), 'the nonce in the return URL').to.equal(begin.attempt);
  return { returnUrl: withoutAttempt(begin.returnUrl), mode: begin.mode };
}

/** The return URL the widget handed `connection.begin`, without its attempt nonce. */
export function withoutAttempt(returnUrl: string): string {
  const url = new URL(returnUrl);
  expect(url.searchParams.get('healthex_attempt'), 'the attempt nonce').to.match(/^[0-9a-f-]{36}$/);
  url.searchParams.delete('healthex_attempt');
  return url.href.replace(/\?$/, '');
}

/**
 * `flags` as the callback would add them to a return URL of an authorization this tab started: the
 * nonce the widget stores in sessionStorage at begin is set here the same way, and the fake service
 * knows that attempt's outcome (`recorded`, by default what the flags say) as the callback records it.
 */
export async function trustedFlags(user: FakeUser, flags: string, recorded?: AttemptOutcome): Promise<string> {
  const nonce = crypto.randomUUID();
  sessionStorage.setItem('healthex-connect:attempt', nonce);
  const params = new URLSearchParams(flags);
  const result = params.get('healthex_result') as AuthorizationResult;
  const code = params.get('healthex_error') as AppErrorCode | null;
  const outcome = recorded ?? (code ? { result, code } : { result });
  const { attempts } = await user.record();
  await user.update({ attempts: { ...attempts, [nonce]: outcome } });
  return `${flags}&healthex_attempt=${nonce}`;
}
