import { describe, expect, it } from 'vitest';
import { APP_ERROR_CODES } from './errors.js';
import { PATIENT_PAGE_WORDS } from './patient-error-words.js';

/** Words for developers, never for a patient's page. */
const DEVELOPER_WORDS = /JWT|token|tRPC|CORS|appCode|schema|stack|undefined|[A-Z]{2,}_[A-Z]/;

describe('patient words on the service’s pages', () => {
  it('every stable code has a title and a message, in plain words', () => {
    expect(Object.keys(PATIENT_PAGE_WORDS).sort()).toEqual([...APP_ERROR_CODES].sort());
    for (const code of APP_ERROR_CODES) {
      const { title, message } = PATIENT_PAGE_WORDS[code];
      expect(title.length, code).toBeGreaterThan(5);
      expect(message.length, code).toBeGreaterThan(20);
      expect(`${title} ${message}`, code).not.toMatch(DEVELOPER_WORDS);
      expect(`${title} ${message}`, code).not.toMatch(/Salus/);
    }
  });
});
