/// <reference types="mocha" />
/**
 * Every word true for the host that shows it: a claim about the host (its name, tier, features, a
 * BAA, a privacy commitment) appears only when the host profile states it, and never with Salus's
 * facts on another host's page — scanned in every rendered state, in both languages.
 */
import { expect } from 'chai';
import type { HostProfile } from './host-profile.js';
import { $, FakeUser, STATUSES, cleanup, expectAccessible, mount, text } from './testing/helpers.js';
import { PARTNER_PROFILE, SALUS_ONLY_WORDS, SALUS_PROFILE } from './testing/host-profiles.js';
import { RENDERED_STATES, mountState, releaseHolds, renderedWords } from './testing/rendered-states.js';

const BAA = { en: 'Business Associate Agreement', es: 'Acuerdo de Socio Comercial' };

async function notConnected(locale: 'en' | 'es', profile: HostProfile | null) {
  const user = await new FakeUser().setup({ status: STATUSES.not_connected });
  return mount({ user, profile, attributes: { locale } });
}

describe('host truth: claims only from the host profile', () => {
  afterEach(async () => {
    cleanup();
    await releaseHolds();
  });

  it('a partner profile is accessible (axe)', async () => {
    await expectAccessible(await notConnected('en', PARTNER_PROFILE));
  });

  for (const locale of ['en', 'es'] as const) {
    for (const state of RENDERED_STATES) {
      it(`the partner profile shows none of Salus's claims: ${state} (${locale})`, async () => {
        const el = await mountState(state, locale, PARTNER_PROFILE);
        const words = renderedWords(el);
        for (const word of SALUS_ONLY_WORDS) expect(words, `"${word}" in ${state}`).to.not.contain(word);
        expect(words).to.not.contain(BAA[locale]);
        if (state !== 'loading') expect(words, 'the partner is named').to.contain('Northwind Wellness');
      });
    }

    it(`a profile without a BAA has no BAA sentence and no HIPAA-compliant handling claim (${locale})`, async () => {
      const el = await notConnected(locale, { name: 'Northwind Wellness' });
      const words = text(el.shadowRoot!.querySelector('.root')!);
      expect(words).to.not.contain(BAA[locale]);
      expect(text($(el, '[part~="privacy"]'))).to.not.contain(locale === 'en' ? 'HIPAA-compliant.' : 'Cumple con HIPAA.');
      // HealthEx's own compliance is HealthEx's fact, true on any page.
      expect(text($(el, '[data-step="1"] [part~="step-note"]'))).to.equal(
        locale === 'en' ? '🔒 HealthEx is a HIPAA-compliant medical records platform.' : '🔒 HealthEx es una plataforma de expedientes médicos que cumple con HIPAA.',
      );
    });

    it(`a BAA is stated with the party the host names (${locale})`, async () => {
      const el = await notConnected(locale, { name: 'Northwind Wellness', baaWith: 'HealthEx Inc.' });
      expect(text($(el, '[data-step="1"] [part~="step-note"]'))).to.contain(
        locale === 'en'
          ? 'Northwind Wellness has a signed Business Associate Agreement (BAA) with HealthEx Inc. — your health information is protected under federal law.'
          : 'Northwind Wellness tiene firmado un Acuerdo de Socio Comercial (BAA) con HealthEx Inc.',
      );
    });

    it(`no profile at all: "this site", and no tier, feature, purpose, privacy or BAA sentence (${locale})`, async () => {
      const el = await notConnected(locale, null);
      const words = text(el.shadowRoot!.querySelector('.root')!);
      for (const word of SALUS_ONLY_WORDS) expect(words).to.not.contain(word);
      expect(words).to.contain(locale === 'en' ? 'authorize this site to read your health data' : 'autorice a este sitio a leer sus datos de salud');
      expect(text($(el, '[data-step="3"] .step-body > p:nth-of-type(2)'))).to.not.match(locale === 'en' ? /tier/ : /nivel/);
      expect(text($(el, '[data-step="3"] [part~="step-note"]'))).to.equal(
        locale === 'en' ? '🛡️ this site reads your records to provide personalized guidance.' : '🛡️ este sitio lee sus expedientes para ofrecerle orientación personalizada.',
      );
      expect(text($(el, '[data-step="4"] .step-body > p:nth-of-type(2)'))).to.not.match(locale === 'en' ? /recommendations on/ : /recomendaciones en/);
      expect(el.shadowRoot!.querySelectorAll('[part~="privacy"] li')).to.have.length(2);
    });
  }

  it('the Salus profile gives the seed page’s sentences, with its features as links', async () => {
    const el = await notConnected('en', SALUS_PROFILE);
    expect(text($(el, '[data-step="3"] [part~="step-note"]'))).to.equal(
      '🛡️ Salus AI reads your records to provide personalized guidance. We never sell, share, or use your health data for any purpose other than powering your health coach. Full details in our Privacy Policy.',
    );
    expect(text($(el, '[data-step="4"] .step-body > p:nth-of-type(2)'))).to.equal(
      'Once you have authorized HealthEx and your records are linked, click below to activate the personalized features across Salus AI. This tells Salus AI to use your records when generating recommendations on Health Decisions, Determine Diagnosis, and Manage My Health.',
    );
    const features = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[data-step="4"] .step-body a')].map((a) => [text(a), a.href]);
    expect(features).to.deep.equal([
      ['Health Decisions', 'https://salus.example/health-decisions'],
      ['Determine Diagnosis', 'https://salus.example/determine-diagnosis'],
      ['Manage My Health', 'https://salus.example/manage-my-health'],
    ]);
    expect(el.shadowRoot!.querySelectorAll('[part~="privacy"] li')).to.have.length(4);
  });

  it('the host-profile property takes an object; single attributes win over it; bad JSON is no profile', async () => {
    const user = await new FakeUser().setup();
    const el = await mount({ user, profile: null, attributes: { 'tier-name': 'Gold' }, before: (e) => (e.hostProfile = { name: 'Acme Health', tier: 'Silver' }) });
    expect(text($(el, '[data-step="3"]'))).to.contain('This one-time authorization activates your Gold tier.');
    expect(text($(el, '[data-step="3"]'))).to.contain('Grant Acme Health Access to Your Records');
    const warn = console.warn;
    const warnings: unknown[][] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      el.setAttribute('host-profile', '{not json');
      await el.updateComplete;
    } finally {
      console.warn = warn;
    }
    expect(text($(el, '[data-step="3"]'))).to.contain('Grant this site Access to Your Records');
    expect(warnings.map(String)).to.deep.equal(['<healthex-connect>: the host-profile attribute is not a JSON object; no host claims are shown.']);
  });

  it('"Return to …" only where it leads elsewhere', async () => {
    const user = await new FakeUser().setup();
    const here = await mount({ user, attributes: { 'return-href': `${location.pathname}?lang=es` } });
    expect(here.shadowRoot!.querySelector('[part~="return-link"]') === null, 'no link to this very page').to.equal(true);
    const elsewhere = await mount({ user, attributes: { 'return-href': '/precision-medicine' } });
    expect(text($(elsewhere, '[part~="return-link"]'))).to.equal('← Return to Precision Medicine');
  });
});
