import { describe, expect, it } from 'vitest';
import { renderRootPage } from './root-page.js';

const host = (displayName: string, homeUrl: string) => ({ issuer: displayName, allowedOrigins: [new URL(homeUrl).origin], key: new Uint8Array(32), displayName, homeUrl });

describe('the service’s root page', () => {
  it('says what the service is and links the sites that use it', () => {
    const page = renderRootPage([host('Salus AI', 'http://localhost:4100/'), host('Northwind <Wellness>', 'http://127.0.0.1:4200/')]);
    expect(page).toContain('<h1>HealthEx connect service</h1>');
    expect(page).toContain('<li><a href="http://localhost:4100/">Salus AI</a></li>');
    expect(page).toContain('<li><a href="http://127.0.0.1:4200/">Northwind &#60;Wellness&#62;</a></li>');
  });

  it('without configured home pages, no list', () => {
    expect(renderRootPage([])).not.toContain('<ul>');
  });
});
