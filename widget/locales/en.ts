import type { ActivityEvent, ConnectionState, HealthexErrorCode, RecordCategory } from '../types.js';
import { joinList } from './long-date-and-list.js';

/** The record categories' ids (the order of `Copy.categories`), as `records.summary` names them. */
export const CATEGORY_IDS: RecordCategory[] = ['labs', 'medications', 'visit_notes', 'diagnoses', 'imaging', 'hospital', 'immunizations', 'procedures', 'allergies'];
/** The pictures are the same in every language (all are decorative: hidden from screen readers). */
export const CATEGORY_EMOJI = ['🧬', '💊', '📋', '🩺', '📸', '🏥', '💉', '🧪', '📝'];
export const STEP_NOTE_EMOJI = ['🔒', '💡', '🛡️', 'ℹ️'];
export const PRIVACY_EMOJI = ['🏥', '🔐', '🚫', '✋'];

/** Codes only the back-end API (not the widget's procedures) returns. */
export type BackendOnlyCode = 'NOT_CONNECTED' | 'REAUTH_REQUIRED' | 'FEATURE_NOT_ALLOWED' | 'ISSUER_NOT_ALLOWED';

/** Everything the widget says, in one language. English follows shared/seed/connect-page.txt. */
export interface Copy {
  /** BCP 47 tag, used for `lang` and for Intl date formatting. */
  lang: string;
  /**
   * A date as `Intl.DateTimeFormat(lang, { dateStyle: 'long' })` writes it, in the local time zone.
   * Written by hand (see ./long-date-and-list.ts for why): the banner uses it.
   */
  longDate: (date: Date) => string;
  /** A list as `Intl.ListFormat(lang, { type: 'conjunction' })` writes it; by hand for the same reason. */
  list: (items: string[]) => string;
  banner: {
    loading: { title: string; detail: string };
    states: Record<ConnectionState, { title: string; detail: string }>;
    /** `since` is an already formatted date. */
    connectedSince: (since: string) => string;
    /** `scopes` is an already formatted list. */
    connectedScope: (scopes: string) => string;
    errorTitle: string;
    disconnect: string;
    retry: string;
    busy: { authorize: string; confirm: string; disconnect: string };
  };
  /**
   * Plain-language explanation of each error code the widget's calls can meet; codes only the
   * back-end API returns are shown with the INTERNAL text.
   */
  errors: Record<Exclude<HealthexErrorCode, BackendOnlyCode>, string>;
  notices: { denied: string; callbackError: (reason: string) => string };
  /** Human names of HealthEx scopes; unknown scopes are shown as they are. */
  scopes: Record<string, string>;
  categoriesLabel: string;
  /** Labels of the nine record categories, in the order of `CATEGORY_EMOJI`. */
  categories: string[];
  /** A category's record count in words, e.g. "12 records"; 0 says plainly there is nothing. */
  count: (n: number) => string;
  /** Shown under the categories when the counts could not be read, with a Try again button. */
  countsFailed: string;
  activity: {
    /** The access log's heading. */
    title: string;
    /** Human names of the Salus features that use records; unknown ids are shown as they are. */
    features: Record<string, string>;
    /** One event as a sentence; `feature` (for `used`) is already a human name. */
    event: (action: ActivityEvent['action'], ok: boolean, feature: string) => string;
  };
  stepsLabel: string;
  /** "Step 1" etc., for screen readers. */
  stepLabel: (n: number) => string;
  steps: { kicker: string; title: string; body: string; note: string }[];
  actions: {
    authorize: string;
    reauthorize: string;
    authorized: string;
    confirm: string;
    confirmed: string;
  };
  privacy: { title: string; items: [lead: string, text: string][] };
  returnLink: string;
  dialog: { title: string; body: string; cancel: string; confirm: string };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const en: Copy = {
  lang: 'en',
  longDate: (d) => `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}`,
  // "a and b"; "a, b, and c" (serial comma).
  list: (items) => joinList(items, items.length > 2 ? ', and ' : ' and '),
  banner: {
    loading: { title: 'Checking your connection…', detail: 'One moment while we check whether your records are connected.' },
    states: {
      not_connected: {
        title: 'Records not yet connected',
        detail: 'Follow the steps below to link your medical records via HealthEx.',
      },
      authorized: {
        title: 'HealthEx access authorized — awaiting confirmation',
        detail: 'One more step: mark your records as connected in step 4 to turn on personalized guidance.',
      },
      connected: {
        title: 'Records connected',
        detail: 'Salus AI uses your records to personalize your guidance.',
      },
      reauth_required: {
        title: 'Please reconnect your records',
        detail: 'HealthEx no longer accepts Salus AI’s access. Authorize access again in step 3 to keep your records connected.',
      },
    },
    connectedSince: (since) => `Connected since ${since}.`,
    connectedScope: (scopes) => `Access granted: ${scopes}.`,
    errorTitle: 'Something went wrong',
    disconnect: 'Disconnect',
    retry: 'Try again',
    busy: {
      authorize: 'Waiting for HealthEx… Finish in the HealthEx window.',
      confirm: 'Marking your records as connected…',
      disconnect: 'Disconnecting your records…',
    },
  },
  errors: {
    UNAUTHENTICATED: 'Your session has expired. Please reload the page and sign in again.',
    ORIGIN_NOT_ALLOWED: 'This page is not allowed to connect records. Please contact Salus AI support.',
    INVALID_INPUT: 'The request could not be processed. Please try again.',
    INVALID_RETURN_URL: 'This page cannot be used to come back from HealthEx. Please contact Salus AI support.',
    NOT_AUTHORIZED_YET: 'HealthEx access has not been authorized yet. Please complete step 3 first.',
    AUTHORIZATION_FAILED: 'The authorization could not be completed or has expired. Please start step 3 again.',
    HEALTHEX_UNAVAILABLE: 'HealthEx is not responding right now. Please try again in a few minutes.',
    SERVICE_UNAVAILABLE: 'Our connection service is temporarily unavailable. Please try again shortly.',
    RATE_LIMITED: 'Too many attempts in a short time. Please wait a minute and try again.',
    INTERNAL: 'Something went wrong on our side. Please try again.',
    NETWORK: 'We could not reach the connection service. Check your internet connection and try again.',
    POPUP_BLOCKED: 'Your browser blocked the HealthEx window, so we are taking you to HealthEx in this tab instead.',
  },
  notices: {
    denied: 'You did not grant access at HealthEx, so nothing has changed. You can authorize whenever you are ready.',
    callbackError: (reason) => `The HealthEx authorization did not complete. ${reason}`,
  },
  scopes: {
    'patient/*.read': 'read your medical records',
    offline_access: 'keep access until you disconnect',
  },
  categoriesLabel: 'Records you can connect',
  categories: [
    'Lab Results',
    'Medications',
    'Visit Notes',
    'Diagnoses',
    'Imaging Reports',
    'Hospital Records',
    'Immunizations',
    'Procedures',
    'Allergies',
  ],
  count: (n) => (n ? `${n.toLocaleString('en')} record${n > 1 ? 's' : ''}` : 'No records yet'),
  countsFailed: 'Your record counts could not be loaded just now.',
  activity: {
    title: 'Recent activity on your connection',
    features: {
      'health-decisions': 'Health Decisions',
      'determine-diagnosis': 'Determine Diagnosis',
      'manage-my-health': 'Manage My Health',
      'connect-records-summary': 'the record counts on this page',
    },
    event: (action, ok, feature) =>
      ({
        authorized: ok ? 'Authorized HealthEx access' : 'HealthEx access was not authorized',
        confirmed: ok ? 'Turned on personalized guidance' : 'Personalized guidance could not be turned on',
        used: ok ? `Used by ${feature}` : `Could not be used by ${feature}`,
        refreshed: ok ? 'Access refreshed' : 'Access could not be refreshed',
        disconnected: ok ? 'Disconnected your records' : 'Disconnecting did not complete',
        revoked: ok ? 'Access revoked at HealthEx' : 'Access could not be revoked at HealthEx',
      })[action],
  },
  stepsLabel: 'Connect your records in four steps',
  stepLabel: (n) => `Step ${n}`,
  steps: [
    {
      kicker: 'Getting Started',
      title: 'Create Your HealthEx Account',
      body: 'HealthEx is the secure medical record platform that Salus AI uses to access your health data. Creating an account is free and takes under two minutes. Your records are encrypted end-to-end and you control exactly what is shared.',
      note: 'HealthEx is a HIPAA-compliant medical records platform. Salus AI has a signed Business Associate Agreement (BAA) with HealthEx — your health information is protected under federal law.',
    },
    {
      kicker: 'Connect Your Providers',
      title: 'Link Your Medical Providers & Insurers',
      body: 'Inside your HealthEx account, search for your doctors, hospitals, labs, and insurance carriers. HealthEx connects to over 21,000 providers nationwide — including Epic, Cerner, athenahealth, Kaiser, and most major health systems. Once linked, your records sync automatically.',
      note: 'You can link multiple providers — primary care, specialists, hospitals, and labs. The more records connected, the more complete the picture Salus AI can provide.',
    },
    {
      kicker: 'Authorize Access',
      title: 'Grant Salus AI Access to Your Records',
      body: 'Once your providers are linked in HealthEx, authorize Salus AI to read your health data. You choose exactly what Salus AI can see — and you can revoke access at any time. This one-time authorization activates your Precision Medicine tier.',
      note: 'Salus AI reads your records to provide personalized guidance. We never sell, share, or use your health data for any purpose other than powering your health coach. Full details in our Privacy Policy.',
    },
    {
      kicker: 'Confirm Connection',
      title: 'Mark Your Records as Connected',
      body: 'Once you have authorized HealthEx and your records are linked, click below to activate the personalized features across Salus AI. This tells Salus AI to use your records when generating recommendations on Health Decisions, Determine Diagnosis, and Manage My Health.',
      note: 'You can also disconnect at any time using the status banner at the top of this page.',
    },
  ],
  actions: {
    authorize: 'Authorize HealthEx access',
    reauthorize: 'Reconnect HealthEx',
    authorized: 'Access authorized',
    confirm: 'Mark as connected',
    confirmed: 'Records connected',
  },
  privacy: {
    title: 'Your Privacy & Security',
    items: [
      ['HIPAA-compliant.', 'All data handling meets federal health privacy law requirements.'],
      ['End-to-end encrypted.', 'Your records are encrypted in transit and at rest.'],
      ['Never sold.', 'Your health data is never sold, shared, or used for advertising.'],
      ['You’re in control.', 'Revoke access at any time from your HealthEx account.'],
    ],
  },
  returnLink: 'Return to Precision Medicine',
  dialog: {
    title: 'Disconnect your records?',
    body: 'Salus AI will stop using your medical records and will revoke its access at HealthEx. Your records stay in your HealthEx account, and you can connect them again at any time.',
    cancel: 'Keep connected',
    confirm: 'Disconnect',
  },
};
