import type { RecordCategory } from '../types.js';
import type { PageCopy } from './copy.js';

/**
 * English for the regions below the banner. It ships with their code in the file loaded after the
 * banner (../below-fold.ts); en.ts holds the banner's English.
 */

/** The record categories' ids (the order of `Copy.categories`), as `records.summary` names them. */
export const CATEGORY_IDS: RecordCategory[] = ['labs', 'medications', 'visit_notes', 'diagnoses', 'imaging', 'hospital', 'immunizations', 'procedures', 'allergies'];
/** The pictures are the same in every language (all are decorative: hidden from screen readers). */
export const CATEGORY_EMOJI = ['🧬', '💊', '📋', '🩺', '📸', '🏥', '💉', '🧪', '📝'];
export const STEP_NOTE_EMOJI = ['🔒', '💡', '🛡️', 'ℹ️'];
export const PRIVACY_EMOJI = ['🏥', '🔐', '🚫', '✋'];

export const enPage: PageCopy = {
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
  count: (n, more, years) => {
    const records = more ? `${n.toLocaleString('en')} or more records` : n ? `${n.toLocaleString('en')} record${n > 1 ? 's' : ''}` : 'No records';
    return years === null ? records : `${records} in the last ${years === 1 ? 'year' : `${years} years`}`;
  },
  countActive: (n) => `${n.toLocaleString('en')} active`,
  countUnavailable: 'Count unavailable',
  countIncluded: 'Included in what HealthEx shares',
  countsFailed: 'Your record counts could not be loaded just now.',
  summary: {
    title: 'Your connection',
    sharedFrom: 'Shared from',
    organisationsUnknown: 'The organizations you share from are listed at HealthEx.',
    lastUpdated: (date) => `Records last updated ${date}.`,
    updating: 'HealthEx is updating your records.',
    getLatest: 'Get latest records',
    updateStarted: 'HealthEx is getting your latest records. This takes a few minutes.',
    rateLimited: (seconds) => `Your records were updated recently. Try again ${seconds === null ? 'later' : `in ${Math.ceil(seconds / 60)} min`}.`,
    manage: 'Manage sharing at HealthEx',
    howItWorks: 'How this works',
  },
  activity: {
    title: 'Recent activity on your connection',
    features: {
      'health-decisions': 'Health Decisions',
      'determine-diagnosis': 'Determine Diagnosis',
      'manage-my-health': 'Manage My Health',
    },
    unknownFeature: 'a {host} feature',
    event: (action, ok, feature) =>
      ({
        authorized: ok ? 'Authorized HealthEx access' : 'HealthEx access was not authorized',
        confirmed: ok ? 'Turned on personalized guidance' : 'Personalized guidance could not be turned on',
        used: ok ? `Used by ${feature}` : `Could not be used by ${feature}`,
        refreshed: ok ? 'Access refreshed' : 'Access could not be refreshed',
        disconnected: ok ? 'Disconnect requested' : 'Disconnecting did not complete',
        revoked: ok ? 'HealthEx confirmed the disconnect' : 'HealthEx has not confirmed the disconnect yet',
        update_requested: ok ? 'Asked HealthEx for your latest records' : 'Your request for your latest records was refused: they were updated recently',
      })[action],
    pageReadsLine: (what, times, day) => `Your connect page read ${what} · ${times === 1 ? 'once' : `${times.toLocaleString('en')} times`} ${day === null ? 'today' : `on ${day}`}`,
    pageReads: {
      'connect-records-summary': 'your record counts',
      'connect-records-status': 'when your records were last updated',
    },
    showEarlier: 'Show earlier activity',
  },
  stepsLabel: 'Connect your records in four steps',
  stepLabel: (n) => `Step ${n}`,
  steps: [
    {
      kicker: 'Getting Started',
      title: 'Create Your HealthEx Account',
      body: 'HealthEx is the secure medical record platform that {host} uses to access your health data. Creating an account is free and takes under two minutes. Your records are encrypted end-to-end and you control exactly what is shared.',
      link: 'Create your HealthEx account',
      note: 'HealthEx is a HIPAA-compliant medical records platform.',
    },
    {
      kicker: 'Connect Your Providers',
      title: 'Link Your Medical Providers & Insurers',
      body: 'Inside your HealthEx account, search for your doctors, hospitals, labs, and insurance carriers. HealthEx connects to over 21,000 providers nationwide — including Epic, Cerner, athenahealth, Kaiser, and most major health systems. Once linked, your records sync automatically.',
      link: 'Open HealthEx',
      note: 'You can link multiple providers — primary care, specialists, hospitals, and labs. The more records connected, the more complete the picture {host} can provide.',
    },
    {
      kicker: 'Authorize Access',
      title: 'Grant {host} Access to Your Records',
      body: 'Once your providers are linked in HealthEx, authorize {host} to read your health data. You choose exactly what {host} can see — and you can revoke access at any time.',
      note: '{host} reads your records to provide personalized guidance.',
      noteLink: 'Privacy Policy',
    },
    {
      kicker: 'Confirm Connection',
      title: 'Mark Your Records as Connected',
      body: 'Once you have authorized HealthEx and your records are linked, click below to activate the personalized features across {host}.',
      note: 'You can also disconnect at any time using the status banner at the top of this page.',
    },
  ],
  privacy: {
    title: 'Your Privacy & Security',
    items: [
      ['HIPAA-compliant.', 'All data handling meets federal health privacy law requirements.'],
      ['End-to-end encrypted.', 'Your records are encrypted in transit and at rest.'],
      ['Never sold.', 'Your health data is never sold, shared, or used for advertising.'],
      ['You’re in control.', 'Revoke access at any time from your HealthEx account.'],
    ],
  },
  returnLink: 'Return to {tier}',
  claims: {
    baa: '{host} has a signed Business Associate Agreement (BAA) with {baa} — your health information is protected under federal law.',
    tier: 'This one-time authorization activates your {tier} tier.',
    purpose: 'We never sell, share, or use your health data for any purpose other than {purpose}.',
    privacyLead: 'Full details in our',
    featuresLead: 'This tells {host} to use your records when generating recommendations on',
  },
};
