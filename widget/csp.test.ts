/// <reference types="mocha" />
import { expect } from 'chai';
import { $, FakeUser, STATUSES, apiBase, button, cleanup, expectAccessible, mount, waitFor } from './testing/helpers.js';

/**
 * The widget under a strict CSP on the host page: no inline script or style allowed, connections
 * only to the page's own origin and the connect service. (A `<meta>` CSP applies from insertion on;
 * this file runs in its own page.)
 */
describe('strict Content-Security-Policy on the host page', () => {
  const violations: string[] = [];

  before(async () => {
    document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      `connect-src 'self' ws://${location.host} ${await apiBase()}`,
      "img-src 'self'",
      "frame-src 'none'",
    ].join('; ');
    document.head.append(meta);
  });

  afterEach(cleanup);

  it('is accessible under the policy', async () => {
    const user = await new FakeUser().setup({ status: STATUSES.connected });
    const el = await mount({ user });
    await expectAccessible(el);
    expect(violations).to.deep.equal([]);
  });

  it('renders styled, talks to the service and acts, without any CSP violation', async () => {
    const user = await new FakeUser().setup({ status: STATUSES.authorized });
    const el = await mount({ user });
    // Styles come from constructed stylesheets (adoptedStyleSheets), which style-src does not block.
    expect(getComputedStyle($(el, '[part~="banner"]')).borderTopLeftRadius).to.equal('12px');
    button(el, 'confirm').click();
    await waitFor(() => el.status?.state === 'connected', 'connected');
    expect(violations).to.deep.equal([]);
  });

  it('the policy is really in force (an inline <style> is blocked)', async () => {
    const canary = document.createElement('div');
    canary.className = 'csp-canary';
    const style = document.createElement('style');
    style.textContent = '.csp-canary { width: 123px; }';
    document.body.append(canary, style);
    try {
      await waitFor(() => violations.some((v) => v.startsWith('style-src')), 'a style-src violation');
      expect(getComputedStyle(canary).width).to.not.equal('123px');
    } finally {
      canary.remove();
      style.remove();
    }
  });
});
