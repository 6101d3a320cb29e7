import type { BannerCopy } from './copy.js';
import { enErrors } from './en-errors.js';
import { joinList } from './long-date-and-list.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const en: BannerCopy = {
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
        detail: 'One more step: mark your records as connected to turn on personalized guidance.',
      },
      connected: {
        title: 'Records connected',
        detail: '{host} uses your records to personalize your guidance.',
      },
      reauth_required: {
        title: 'Please reconnect your records',
        detail: 'HealthEx no longer accepts {host}’s access. Reconnect to keep your records connected.',
      },
    },
    connectedSince: (since) => `Connected since ${since}.`,
    connectedScope: (scopes) => `Access granted: ${scopes}.`,
    errorTitle: 'Something went wrong',
    misconfigured: 'This page isn’t set up to connect records yet',
    disconnected: 'Disconnected — {host} no longer reads your HealthEx records',
    disconnectedAt: (time) => `Disconnected at ${time}. You can connect again at any time with the steps below.`,
    disconnect: 'Disconnect',
    retry: 'Try again',
    busy: {
      confirm: 'Marking your records as connected…',
      disconnect: 'Disconnecting your records…',
    },
    support: 'Contact {host} support',
  },
  unnamedHost: 'this site',
  errors: enErrors,
  pageFailed: 'The rest of this page didn’t load. Reload the page to see the steps and the privacy details.',
  waiting: {
    title: 'Waiting for HealthEx… Finish in the HealthEx window.',
    show: 'Show the HealthEx window',
    cancel: 'Cancel',
  },
  notices: {
    denied: 'You did not grant access at HealthEx, so nothing has changed. You can authorize whenever you are ready.',
    closed: 'The HealthEx window was closed, so nothing has changed.',
    callbackError: (reason) => `The HealthEx authorization did not complete. ${reason}`,
  },
  scopes: {
    'patient/*.read': 'read your medical records',
    offline_access: 'keep access until you disconnect',
  },
  actions: {
    authorize: 'Authorize HealthEx access',
    reauthorize: 'Reconnect HealthEx',
    authorized: 'Access authorized',
    confirm: 'Mark as connected',
    confirmed: 'Records connected',
  },
  dialog: {
    title: 'Disconnect your records?',
    body: '{host} will stop using your medical records and will revoke its access at HealthEx. Your records stay in your HealthEx account, and you can connect them again at any time.',
    cancel: 'Keep connected',
    confirm: 'Disconnect',
  },
};
