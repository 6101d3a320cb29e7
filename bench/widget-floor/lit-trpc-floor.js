// The idiomatic floor for the widget: a bare Lit element that makes one tRPC query through
// @trpc/client's public API (createTRPCClient + httpLink, a Bearer header) and renders its answer.
// Built by the same rollup configuration as the script-tag file (bench/widget-weight.ts), and
// timed the same way as the widget (bench/widget-first-render.ts): it fires `healthex-status-change`
// and renders `[part~="banner"]` with `data-look` once the status arrives. Plain JS on purpose: the
// configuration's TypeScript step only compiles widget/, and this file needs no types.
import { createTRPCClient, httpLink } from '@trpc/client';
import { LitElement, css, html } from 'lit';

class FloorElement extends LitElement {
  static properties = { apiBase: { attribute: 'api-base' }, token: {}, state: { state: true } };
  static styles = css`
    :host { display: block; }
  `;

  constructor() {
    super();
    this.state = 'loading';
  }

  connectedCallback() {
    super.connectedCallback();
    const token = this.token;
    const client = createTRPCClient({
      links: [httpLink({ url: `${this.apiBase}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
    });
    client.connection.status.query().then((status) => {
      this.state = status.state;
      this.dispatchEvent(new CustomEvent('healthex-status-change', { detail: { status, previous: null }, bubbles: true, composed: true }));
    });
  }

  render() {
    return html`<p part="banner" data-look=${this.state}>${this.state}</p>`;
  }
}

if (!customElements.get('healthex-connect')) customElements.define('healthex-connect', FloorElement);
