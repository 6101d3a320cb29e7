import { css } from 'lit';

/**
 * Styles for `<healthex-connect>`. Every colour pair meets WCAG 2.2 AA contrast with the defaults;
 * hosts re-theme through the `--healthex-*` custom properties (documented on the class) and parts.
 * These are the banner's and the dialog's (and what the regions below the banner share with them:
 * the custom properties, buttons, links); those regions bring their own (below-fold.styles.ts).
 */
export const styles = css`
  :host {
    --_text: var(--healthex-color-text, #1f2933);
    --_muted: var(--healthex-color-muted, #4a5563);
    --_surface: var(--healthex-color-surface, #ffffff);
    --_surface-alt: var(--healthex-color-surface-alt, #f4f6f8);
    --_border: var(--healthex-color-border, #c5ccd4);
    --_accent: var(--healthex-color-accent, #0b57a4);
    --_accent-text: var(--healthex-color-accent-contrast, #ffffff);
    --_success: var(--healthex-color-success, #17663a);
    --_success-bg: var(--healthex-color-success-surface, #e9f6ee);
    --_warning: var(--healthex-color-warning, #8a4600);
    --_warning-bg: var(--healthex-color-warning-surface, #fff4e0);
    --_danger: var(--healthex-color-danger, #b3261e);
    --_danger-bg: var(--healthex-color-danger-surface, #fdecea);
    --_info-bg: var(--healthex-color-info-surface, #eaf2fb);
    --_focus: var(--healthex-focus-ring-color, #0b57a4);
    --_radius: var(--healthex-radius, 12px);
    --_gap: var(--healthex-spacing, 1rem);

    display: block;
    color: var(--_text);
    background: var(--_surface);
    font-family: var(--healthex-font-family, system-ui, sans-serif);
    font-size: var(--healthex-font-size, 1rem);
    line-height: 1.5;
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  .root {
    display: grid;
    gap: calc(var(--_gap) * 1.5);
    /* The phone layout follows the widget's own width (a narrow column on a wide page too). */
    container-type: inline-size;
    /* Long words and URLs wrap instead of pushing the page sideways. */
    overflow-wrap: anywhere;
  }
  p {
    margin: 0;
  }
  h2 {
    margin: 0;
    line-height: 1.3;
  }

  /* Banner */
  .banner {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_gap);
    padding: var(--_gap) calc(var(--_gap) * 1.25);
    border: 1px solid var(--_border);
    border-inline-start: 6px solid var(--_muted);
    border-radius: var(--_radius);
    background: var(--_surface-alt);
  }
  .banner[data-look='authorized'] {
    border-inline-start-color: var(--_accent);
    background: var(--_info-bg);
  }
  .banner[data-look='connected'] {
    border-inline-start-color: var(--_success);
    background: var(--_success-bg);
  }
  .banner[data-look='reauth_required'] {
    border-inline-start-color: var(--_warning);
    background: var(--_warning-bg);
  }
  .banner[data-look='misconfigured'] {
    border-inline-start-color: var(--_warning);
    background: var(--_warning-bg);
  }
  .banner[data-look='error'] {
    border-inline-start-color: var(--_danger);
    background: var(--_danger-bg);
  }
  .banner-text {
    display: grid;
    gap: 0.25rem;
    flex: 1 1 20rem;
    min-width: 0;
  }
  .banner-title {
    font-weight: 700;
    font-size: 1.125em;
    border-radius: 4px;
  }
  .banner-icon {
    margin-inline-end: 0.5rem;
  }
  .banner-problem {
    font-weight: 600;
    color: var(--_danger);
  }
  .banner-notice {
    font-weight: 600;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }

  /* Waiting for the HealthEx window */
  .waiting {
    flex: 1 1 100%;
    display: grid;
    gap: 0.5rem;
    padding: var(--_gap);
    border: 2px solid var(--_accent);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_info-bg);
  }
  .waiting-title {
    font-weight: 700;
  }
  /* Buttons */
  button {
    font: inherit;
    font-weight: 600;
    min-height: 44px;
    min-width: 44px;
    padding: 0.5rem 1.25rem;
    border-radius: calc(var(--_radius) * 0.75);
    border: 2px solid var(--_accent);
    background: var(--_accent);
    color: var(--_accent-text);
    cursor: pointer;
  }
  button.secondary {
    background: var(--_surface);
    color: var(--_accent);
  }
  button.danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: #ffffff;
  }
  button.quiet-danger {
    background: var(--_surface);
    border-color: var(--_danger);
    color: var(--_danger);
  }
  button:hover:not(:disabled):not([aria-disabled='true']) {
    filter: brightness(0.92);
  }
  button:disabled,
  button[aria-disabled='true'] {
    cursor: not-allowed;
    background: #e3e7eb;
    border-color: #c5ccd4;
    color: #3e4753;
  }
  button[aria-busy='true'] {
    cursor: progress;
  }
  /* Keyboard focus only: no ring after a mouse click, also where the widget moved focus to status
     text (input-modality.ts); after a key press, that text shows the ring too. */
  :focus-visible,
  [data-input='keyboard'] [tabindex='-1']:focus {
    outline: 3px solid var(--_focus);
    outline-offset: 3px;
  }
  [data-input='pointer'] [tabindex='-1']:focus {
    outline: none;
  }
  a {
    color: var(--_accent);
  }

  time {
    color: var(--_muted);
  }

  /* Dialog */
  dialog {
    max-width: min(32rem, calc(100vw - 2rem));
    padding: calc(var(--_gap) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    color: var(--_text);
    background: var(--_surface);
  }
  dialog::backdrop {
    background: rgb(15 23 42 / 0.55);
  }
  .dialog-body {
    display: grid;
    gap: var(--_gap);
  }
  .dialog-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.5rem;
  }

  /* Phones (a widget narrower than 30rem): full-width banner buttons, the dialog's buttons stacked
     (the regions below the banner: below-fold.styles.ts). */
  @container (max-width: 30rem) {
    .banner {
      padding: 0.75rem var(--_gap);
    }
    .banner-actions,
    .banner-actions button {
      width: 100%;
    }
    .dialog-actions {
      flex-direction: column-reverse;
      align-items: stretch;
    }
  }
`;
