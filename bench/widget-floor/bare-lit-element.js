// The floor for the widget's weight: a bare Lit element (a styled paragraph with one reactive
// property), built by the same rollup configuration as the script-tag file. Plain JS on purpose:
// the configuration's TypeScript step only compiles widget/, and this file needs no types.
import { LitElement, css, html } from 'lit';

class BareElement extends LitElement {
  static properties = { label: { type: String } };
  static styles = css`
    :host { display: block; }
  `;

  constructor() {
    super();
    this.label = 'bare';
  }

  render() {
    return html`<p>${this.label}</p>`;
  }
}

if (!customElements.get('bare-element')) customElements.define('bare-element', BareElement);
