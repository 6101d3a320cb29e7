import { css } from 'lit';

/**
 * Styles of the regions below the banner (tiles, connected summary, steps, panels, links), shipped
 * with them in the file loaded after the banner and added to the element's own (healthex-connect.styles.ts,
 * whose custom properties they use) when those regions first render.
 */
export const belowFoldStyles = css`
  ul,
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  h3 {
    margin: 0;
    line-height: 1.3;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }

  /* Connected summary */
  .summary-sharing {
    display: grid;
    gap: 0.375rem;
  }
  .update-message:empty {
    display: none;
  }
  .how summary {
    min-height: 44px;
    padding-top: 0.625rem;
    font-weight: 600;
    color: var(--_accent);
    cursor: pointer;
  }


  /* Categories: tiles of equal width, so counts arriving move nothing */
  .categories {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
    gap: 0.5rem;
  }
  .category {
    display: grid;
    grid-template-columns: auto 1fr;
    align-content: start;
    gap: 0 0.375rem;
    padding: 0.375rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface);
  }
  .count {
    grid-column: 2;
    /* Two lines reserved ("12 records in the last 10 years · 4 active" wraps in a narrow tile): nothing moves. */
    min-height: 3em;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .counts-note {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin-top: calc(var(--_gap) * -1);
    color: var(--_muted);
  }

  /* Steps */
  .steps {
    display: grid;
    gap: var(--_gap);
  }
  .step {
    display: grid;
    grid-template-columns: 2.5rem 1fr;
    gap: var(--_gap);
    padding: calc(var(--_gap) * 1.25);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .step-number {
    display: grid;
    place-items: center;
    width: 2.5rem;
    height: 2.5rem;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 700;
  }
  .step-body {
    display: grid;
    gap: 0.625rem;
    min-width: 0;
  }
  .step-kicker {
    color: var(--_muted);
    font-size: 0.875em;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }
  .step-note {
    display: flex;
    gap: 0.5rem;
    padding: 0.75rem;
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface-alt);
    font-size: 0.9375em;
  }

  /* Privacy and activity panels */
  .panel {
    padding: calc(var(--_gap) * 1.25);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface-alt);
    display: grid;
    gap: var(--_gap);
  }
  .privacy ul {
    display: grid;
    gap: 0.75rem;
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
  }
  .privacy li {
    display: flex;
    gap: 0.5rem;
  }
  .log li {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0 var(--_gap);
    padding: 0.5rem 0;
    border-top: 1px solid var(--_border);
  }
  .return-link,
  .button-link {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    min-height: 44px;
    font-weight: 600;
    justify-self: start;
  }

  /* Phones (a widget narrower than 30rem): the tiles are one column of compact rows — icon, name and
     count on one line where it fits, the count under the name where not — step text at full width. */
  @container (max-width: 30rem) {
    .categories {
      grid-template-columns: minmax(0, 1fr);
      gap: 0;
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) * 0.75);
    }
    .category {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0 0.375rem;
      padding: 0.3125rem 0.625rem;
      border: 0;
      border-radius: 0;
      line-height: 1.35;
    }
    .category + .category {
      border-top: 1px solid var(--_border);
    }
    .count {
      min-height: 0;
      margin-inline-start: auto;
      text-align: end;
      font-size: 0.8125em;
    }
    .privacy ul {
      gap: 0.5rem;
      font-size: 0.9375em;
    }
    .step {
      grid-template-columns: 1fr;
      gap: 0.5rem;
      padding: var(--_gap);
    }
    .step-number {
      width: 2rem;
      height: 2rem;
    }
    .panel {
      padding: var(--_gap);
    }
    .privacy ul {
      grid-template-columns: minmax(0, 1fr);
    }
  }
`;
