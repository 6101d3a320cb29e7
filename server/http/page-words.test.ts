import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PATIENT_PAGE_WORDS } from '../patient-error-words.js';
import { PAGE_CHROME, SPANISH_PAGE_TEXT, pageText } from './page-words.js';

/** Every patient sentence a use case writes into a page: its quoted sentences (capitalised, several words). */
function sentencesIn(file: string): string[] {
  const source = readFileSync(new URL(file, import.meta.url), 'utf8');
  return [...source.matchAll(/(?:title|message|refuse\([^,]+,)\s*:?\s*'([A-Z][^']* [^']*)'/g)]
    .map((match) => match[1]!)
    .concat([...source.matchAll(/\? '([A-Z][^']* [^']*)'|: '([A-Z][^']* [^']*\.)'/g)].map((match) => (match[1] ?? match[2])!));
}

describe('the service’s pages speak Spanish too', () => {
  it('every patient error word has its Spanish', () => {
    for (const { title, message } of Object.values(PATIENT_PAGE_WORDS)) {
      expect(SPANISH_PAGE_TEXT[title], title).toBeTruthy();
      expect(SPANISH_PAGE_TEXT[message], message).toBeTruthy();
    }
  });

  it('every sentence the callback and the plain-link begin can show has its Spanish', () => {
    const sentences = [...sentencesIn('../connections/complete-authorization.ts'), ...sentencesIn('../connections/begin-from-link.ts')];
    expect(sentences.length).toBeGreaterThan(15);
    const missing = sentences.filter((sentence) => !(sentence in SPANISH_PAGE_TEXT));
    expect(missing).toEqual([]);
  });

  it('English stays as the use case wrote it', () => {
    expect(pageText('Access not shared', 'en')).toBe('Access not shared');
    expect(pageText('Access not shared', 'es')).toBe('Acceso no compartido');
    expect(PAGE_CHROME.en.invalidLink.title in SPANISH_PAGE_TEXT).toBe(true);
  });
});
