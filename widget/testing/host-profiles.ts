/**
 * Host profiles for the widget tests: the seed page's Salus AI (every claim the seed makes, so the
 * seed's copy renders word for word) and a partner that states only its own facts (no BAA, no
 * purpose, no tier).
 */
import type { HostProfile } from '../host-profile.js';

export const SALUS_PROFILE: HostProfile = {
  name: 'Salus AI',
  tier: { en: 'Precision Medicine', es: 'Medicina de Precisión' },
  features: [
    { name: { en: 'Health Decisions', es: 'Decisiones de Salud' }, href: 'https://salus.example/health-decisions' },
    { name: { en: 'Determine Diagnosis', es: 'Determinar Diagnóstico' }, href: 'https://salus.example/determine-diagnosis' },
    { name: { en: 'Manage My Health', es: 'Gestionar Mi Salud' }, href: 'https://salus.example/manage-my-health' },
  ],
  baaWith: 'HealthEx',
  purpose: { en: 'powering your health coach', es: 'su asesor de salud' },
  privacyHref: 'https://salus.example/privacy',
  supportHref: 'https://salus.example/support',
};

export const PARTNER_PROFILE: HostProfile = {
  name: 'Northwind Wellness',
  features: [{ name: { en: 'Care Plans', es: 'Planes de Cuidado' } }],
  privacyHref: 'https://northwind.example/privacy',
  supportHref: 'mailto:help@northwind.example',
};

/** Words that belong to Salus alone: none may appear on a page for another host. */
export const SALUS_ONLY_WORDS = ['Salus', 'Precision Medicine', 'Medicina de Precisión', 'Health Decisions', 'Determine Diagnosis', 'Manage My Health', 'Decisiones de Salud', 'Determinar Diagnóstico', 'Gestionar Mi Salud', 'health coach', 'asesor de salud'];
