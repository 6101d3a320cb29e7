/**
 * What Salus states about itself to the widget: the seed page's claims (its tier, the features the
 * connection powers, its BAA with HealthEx, what it uses records for, its privacy policy, support).
 * Salus's own names for its tier and features, in both languages, are these; its pages (server and
 * page script alike) read them from here.
 */
export const SALUS_HOST_PROFILE = {
  name: 'Salus AI',
  tier: { en: 'Precision Medicine', es: 'Medicina de Precisión' },
  features: [
    { name: { en: 'Health Decisions', es: 'Decisiones de Salud' } },
    { name: { en: 'Determine Diagnosis', es: 'Determinar Diagnóstico' } },
    { name: { en: 'Manage My Health', es: 'Gestionar Mi Salud' } },
  ],
  baaWith: 'HealthEx',
  purpose: { en: 'powering your health coach', es: 'su asesor de salud' },
  privacyHref: '/privacy',
  supportHref: 'mailto:support@salusai.example',
};
