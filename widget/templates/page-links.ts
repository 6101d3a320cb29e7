import type { PageView, View } from './view.js';

/** HealthEx for the patient, when the host names no page of its own (`manage-href`). */
const HEALTHEX_HOME = 'https://www.healthex.io/';

/**
 * The links of the regions below the banner, from the host's attributes: step 1's account link
 * (default: the manage link), step 2's and "Manage sharing at HealthEx" (default: HealthEx), step 3's
 * privacy policy (only when the host stated one), and the return link, which is shown only where it
 * leads elsewhere. Shipped with those regions (the banner links to none of them).
 */
export function pageLinks({ hrefs, host }: View): PageView['links'] {
  const manage = hrefs.manage || HEALTHEX_HOME;
  return { account: hrefs.account || manage, manage, privacy: host.privacyHref ?? undefined, back: returnTarget(hrefs) };
}

/** The return link's target, unless it is this very page (its path: another query is the same page). */
function returnTarget({ back, here }: View['hrefs']): string | undefined {
  const href = back?.trim();
  if (!href) return undefined;
  try {
    const current = here();
    const there = new URL(href, current);
    return there.origin + there.pathname === current.origin + current.pathname ? undefined : href;
  } catch {
    return href;
  }
}
