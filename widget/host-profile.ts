/**
 * What the host says about itself, and nothing more: the widget makes a claim about the host (its
 * name, its tier, the features the connection powers, a Business Associate Agreement, a privacy
 * commitment, a support contact) only when the host has stated that fact. A missing fact leaves its
 * sentence out; it is never filled with another host's.
 *
 * A profile comes from the `host-profile` attribute (JSON) or property (an object), and the single
 * attributes `host-name`, `tier-name` and `privacy-href`, which win over the profile's fields.
 * Texts may be a string or one per language (`{ "en": "…", "es": "…" }`).
 */
import type { Locale } from './locales/index.js';

/** A text in one language for all, or per language (the widget picks its own, else English, else any). */
export type HostText = string | Partial<Record<Locale, string>>;

export interface HostProfile {
  /** The host's name, e.g. "Salus AI". Without it the copy says "this site". */
  name?: HostText;
  /** The plan or tier the records unlock, e.g. "Precision Medicine". */
  tier?: HostText;
  /** The host's features the connection powers, with links to them. */
  features?: { name: HostText; href?: string }[];
  /** With whom the host has a signed Business Associate Agreement (e.g. "HealthEx"); absent: none is claimed. */
  baaWith?: string;
  /** What the host uses the records for, completing "…for any purpose other than ___" (e.g. "powering your health coach"). */
  purpose?: HostText;
  /** The host's privacy policy. */
  privacyHref?: string;
  /** Where the patient gets help from the host. */
  supportHref?: string;
}

/** The profile in one language: texts chosen, links kept only when they are http(s) URLs. */
export interface ResolvedHost {
  name: string | null;
  tier: string | null;
  features: { name: string; href: string | null }[];
  baaWith: string | null;
  purpose: string | null;
  privacyHref: string | null;
  supportHref: string | null;
}

function text(value: unknown, locale: Locale): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (!value || typeof value !== 'object') return null;
  const texts = value as Record<string, unknown>;
  const chosen = [texts[locale], texts['en'], ...Object.values(texts)].find((t) => typeof t === 'string' && t.trim());
  return typeof chosen === 'string' ? chosen.trim() : null;
}

function link(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    const url = new URL(value, document.baseURI);
    return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The `host-profile` attribute's JSON, or null (with the reason) when it is not a JSON object. */
export function parseHostProfile(json: string | null | undefined): { profile: HostProfile | null; problem: string | null } {
  if (!json?.trim()) return { profile: null, problem: null };
  try {
    const value: unknown = JSON.parse(json);
    if (value && typeof value === 'object' && !Array.isArray(value)) return { profile: value as HostProfile, problem: null };
  } catch {
    // reported below
  }
  return { profile: null, problem: 'the host-profile attribute is not a JSON object' };
}

export interface HostAttributes {
  profile: HostProfile | null | undefined;
  name: string | undefined;
  tier: string | undefined;
  privacyHref: string | undefined;
}

/** The facts the host stated, in `locale`; anything unstated or malformed is null (its sentence is left out). */
export function resolveHost({ profile, name, tier, privacyHref }: HostAttributes, locale: Locale): ResolvedHost {
  const p: Partial<Record<keyof HostProfile, unknown>> = profile && typeof profile === 'object' ? profile : {};
  const features = Array.isArray(p.features) ? (p.features as unknown[]) : [];
  return {
    name: text(name, locale) ?? text(p.name, locale),
    tier: text(tier, locale) ?? text(p.tier, locale),
    features: features.flatMap((f) => {
      const item = f && typeof f === 'object' ? (f as Record<string, unknown>) : {};
      const label = text(item['name'], locale);
      return label ? [{ name: label, href: link(item['href']) }] : [];
    }),
    baaWith: text(p.baaWith, locale),
    purpose: text(p.purpose, locale),
    privacyHref: link(privacyHref) ?? link(p.privacyHref),
    supportHref: link(p.supportHref),
  };
}

/** The `host-profile` attribute: a JSON object, else none (and a console warning saying so). */
export function hostProfileFromAttribute(value: string | null): HostProfile | null {
  const { profile, problem } = parseHostProfile(value);
  if (problem) console.warn(`<healthex-connect>: ${problem}; no host claims are shown.`);
  return profile;
}
