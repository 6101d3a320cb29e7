/**
 * The shape of everything the widget says in one language (the strings themselves live in en.ts and
 * es.ts). Text may name the host with `{host}`, its tier with `{tier}`, the party of its Business
 * Associate Agreement with `{baa}` and what it uses records for with `{purpose}`: `hostCopy` fills
 * them in from the host profile (host-profile.ts). A sentence in `claims` is shown only when the host
 * stated its fact; the rest is true for any host.
 *
 * The copy comes in two parts, as the page does: `BannerCopy`, what the banner (and the disconnect
 * dialog it opens) says, ships in the widget's first file; `PageCopy`, what the regions below the
 * banner say, ships with those regions' code in the file loaded after the banner (../below-fold.ts).
 * A language other than English is one file holding both (`Copy`).
 */
import type { ErrorWords } from '../error-words.js';
import type { ActivityEvent, ConnectionState } from '../types.js';

export interface StepCopy {
  kicker: string;
  title: string;
  body: string;
  note: string;
  /** A link under the body (step 1: create the account, step 2: open HealthEx); its target is an attribute. */
  link?: string;
  /** A link at the end of the note (step 3: the privacy policy). */
  noteLink?: string;
}

export interface BannerCopy {
  /** BCP 47 tag, used for `lang` and for Intl date formatting. */
  lang: string;
  /** A date as `Intl.DateTimeFormat(lang, { dateStyle: 'long' })` writes it (by hand: see long-date-and-list.ts). */
  longDate: (date: Date) => string;
  /** A list as `Intl.ListFormat(lang, { type: 'conjunction' })` writes it. */
  list: (items: string[]) => string;
  banner: {
    loading: { title: string; detail: string };
    states: Record<ConnectionState, { title: string; detail: string }>;
    connectedSince: (since: string) => string;
    connectedScope: (scopes: string) => string;
    errorTitle: string;
    /** The set-up of the page is wrong (a `CONFIGURATION_*` code). */
    misconfigured: string;
    /** After Disconnect, until the page is left: the title, and when (a time). */
    disconnected: string;
    disconnectedAt: (time: string) => string;
    disconnect: string;
    retry: string;
    busy: { confirm: string; disconnect: string };
    /** Next to errors only the host can fix (host claims: shown only with the host's support link). */
    support: string;
  };
  /** The host's name when it gave none. */
  unnamedHost: string;
  /** In place of the regions below the banner when their file did not load. */
  pageFailed: string;
  /** The patient's words for every error code (../error-words.ts). */
  errors: ErrorWords;
  /** The popup waiting state, shown where the user clicked. */
  waiting: { title: string; show: string; cancel: string };
  notices: { denied: string; closed: string; callbackError: (reason: string) => string };
  scopes: Record<string, string>;
  actions: { authorize: string; reauthorize: string; authorized: string; confirm: string; confirmed: string };
  dialog: { title: string; body: string; cancel: string; confirm: string };
}

/** What the regions below the banner say: record tiles, summary, activity, steps, privacy panel. */
export interface PageCopy {
  categoriesLabel: string;
  categories: string[];
  /**
   * A counted tile: `n` records; `more`: at least `n`; `years`: the window when it is narrower than
   * the whole history (null: the whole history, and no window is named).
   */
  count: (n: number, more: boolean, years: number | null) => string;
  /** Added to a counted tile when HealthEx's summary lists `n` of them as active. */
  countActive: (n: number) => string;
  countUnavailable: string;
  countIncluded: string;
  countsFailed: string;
  summary: {
    title: string;
    sharedFrom: string;
    organisationsUnknown: string;
    lastUpdated: (date: string) => string;
    updating: string;
    getLatest: string;
    updateStarted: string;
    /** `seconds`: when to try again, if the service said (shown in whole minutes). */
    rateLimited: (seconds: number | null) => string;
    manage: string;
    howItWorks: string;
  };
  activity: {
    title: string;
    features: Record<string, string>;
    /** For a feature this version has no name for (new audit features are added on the server). */
    unknownFeature: string;
    event: (action: Exclude<ActivityEvent['action'], 'page_reads'>, ok: boolean, feature: string) => string;
    /** The connect page's own reads of one day, one line: `what` from `pageReads`, `day` null for today. */
    pageReadsLine: (what: string, times: number, day: string | null) => string;
    /** What each of the page's reads reads, by feature. */
    pageReads: Record<string, string>;
    /** The button that shows the next-older screen of the log. */
    showEarlier: string;
  };
  stepsLabel: string;
  stepLabel: (n: number) => string;
  steps: StepCopy[];
  /** Item 1 ("HIPAA-compliant") is shown only with a BAA, item 3 ("Never sold") only with a stated purpose. */
  privacy: { title: string; items: [lead: string, text: string][] };
  /** "Return to {place}": the tier's name, else the host's. */
  returnLink: string;
  /** Host claims, each shown only when the host profile states its fact. */
  claims: {
    /** Step 1's note, with `{baa}`. */
    baa: string;
    /** Step 3's body, with `{tier}`. */
    tier: string;
    /** Step 3's note, with `{purpose}`. */
    purpose: string;
    /** Step 3's note, before the privacy policy link. */
    privacyLead: string;
    /** Step 4's body: the features, as links, follow (then "."). */
    featuresLead: string;
  };
}

/** Everything one language says. */
export type Copy = BannerCopy & PageCopy;

const joined = new WeakMap<BannerCopy, Copy>();

/**
 * English's two parts as one `Copy` (the same object every time, so `hostCopy` keeps its result); a
 * language that ships whole (`page` already in it) is returned as it is.
 */
export function withPage(copy: BannerCopy | Copy, page: PageCopy): Copy {
  if ('steps' in copy) return copy;
  let whole = joined.get(copy);
  if (!whole) joined.set(copy, (whole = { ...copy, ...page }));
  return whole;
}

export interface HostNames {
  host: string;
  tier: string;
  baa: string;
  purpose: string;
}

function fill<T>(value: T, names: HostNames): T {
  if (typeof value === 'string') return value.replace(/\{(host|tier|baa|purpose)\}/g, (_, key: keyof HostNames) => names[key]) as T;
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    return ((...args: unknown[]) => fill(fn(...args), names)) as T;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => fill(item, names)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, names)])) as T;
  }
  return value;
}

const last = new WeakMap<object, { key: string; filled: object }>();

/** The copy with the host's names filled in (the last result for each copy is kept: it rarely changes). */
export function hostCopy<C extends BannerCopy>(copy: C, names: HostNames): C {
  const key = `${names.host}\u0000${names.tier}\u0000${names.baa}\u0000${names.purpose}`;
  let entry = last.get(copy);
  if (entry?.key !== key) last.set(copy, (entry = { key, filled: fill(copy, names) }));
  return entry.filled as C;
}
