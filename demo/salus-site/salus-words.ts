/**
 * The Salus site's own words (its header, sign-in, privacy and Precision Medicine pages) in US
 * English and Spanish (usted). Its tier and feature names are Salus's own (salus-profile.ts); the
 * panel's words are beside the page script that also uses them (page/panel-words.ts).
 */
import type { PageLang } from '../site-kit/page-language.js';

interface SalusWords {
  signedInAs: string;
  signInTitle: string;
  signInHeading: string;
  signInNote: string;
  privacyTitle: string;
  privacyHeading: string;
  privacyText: string;
  backHome: string;
  connectHeading: string;
}

export const SALUS_WORDS: Record<PageLang, SalusWords> = {
  en: {
    signedInAs: 'Signed in as',
    signInTitle: 'Sign in',
    signInHeading: 'Sign in to Salus AI',
    signInNote: 'Demo sign-in: choose a demo patient. A real Salus login would set the same session.',
    privacyTitle: 'Privacy Policy',
    privacyHeading: 'Salus AI Privacy Policy (demo)',
    privacyText: 'This demo stands in for Salus AI’s privacy policy. Salus AI reads your HealthEx records only to power your health coach, and never sells, shares, or uses them for advertising.',
    backHome: 'Back to Salus AI',
    connectHeading: 'Connect your medical records',
  },
  es: {
    signedInAs: 'Sesión iniciada como',
    signInTitle: 'Iniciar sesión',
    signInHeading: 'Inicie sesión en Salus AI',
    signInNote: 'Inicio de sesión de demostración: elija un paciente de demostración. Un inicio de sesión real de Salus crearía la misma sesión.',
    privacyTitle: 'Política de privacidad',
    privacyHeading: 'Política de privacidad de Salus AI (demostración)',
    privacyText: 'Esta demostración ocupa el lugar de la política de privacidad de Salus AI. Salus AI lee sus expedientes de HealthEx solo para su asesor de salud, y nunca los vende, los comparte ni los usa con fines publicitarios.',
    backHome: 'Volver a Salus AI',
    connectHeading: 'Conecte sus expedientes médicos',
  },
};
