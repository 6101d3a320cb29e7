import { describe, expect, it } from 'vitest';
import { renderResultPage } from './result-page.js';

describe('the callback result pages: never a dead end', () => {
  it('links back to the stored return URL, with the host’s name, when the authorization is known', () => {
    const page = renderResultPage({
      title: 'HealthEx connection failed',
      message: 'Nothing was connected.',
      back: { url: 'https://partner.example/records?healthex_result=error', mode: 'redirect', popupMessage: { source: 'healthex-connect', result: 'error' } },
      host: { name: 'Northwind Wellness', home: 'https://partner.example/' },
    });
    expect(page).toContain('<a class="back" href="https://partner.example/records?healthex_result=error">Return to Northwind Wellness</a>');
    expect(page).toContain('<title>HealthEx connection failed — Northwind Wellness · HealthEx connection</title>');
  });

  it('links to the host’s configured home when the state is unknown', () => {
    const page = renderResultPage({ title: 'This sign-in link cannot be used', message: 'Go back and start again.', host: { name: 'Salus AI', home: 'https://salusai.example/' } });
    expect(page).toContain('<a class="back" href="https://salusai.example/">Return to Salus AI</a>');
  });

  it('escapes the host’s name and link', () => {
    const page = renderResultPage({ title: 't', message: 'm', host: { name: '<b>x</b>', home: 'https://h.example/?a="1"' } });
    expect(page).not.toContain('<b>x</b>');
    expect(page).toContain('href="https://h.example/?a=&#34;1&#34;"');
  });

  it('names no host it was not given: a neutral brand and a plain way back', () => {
    const page = renderResultPage({ title: 'This sign-in link cannot be used', message: 'Go back and start again.' });
    expect(page).not.toContain('Salus');
    expect(page).toContain('<title>This sign-in link cannot be used — HealthEx connection</title>');
    expect(page).not.toContain('<a class="back"');
  });

  it('links the host’s support when its configuration gives one', () => {
    const page = renderResultPage({ title: 't', message: 'm', host: { name: 'Northwind Wellness', support: 'mailto:help@northwind.example' } });
    expect(page).toContain('<a href="mailto:help@northwind.example">Get help from Northwind Wellness</a>');
  });
});
