/**
 * The partner site's own words (Northwind Wellness: its sign-in, privacy and records pages) in US
 * English and Spanish (usted) — Northwind's own, none of Salus's.
 */
import type { PageLang } from '../site-kit/page-language.js';

interface PartnerWords {
  titleSuffix: string;
  signInTitle: string;
  signInHeading: string;
  signInNote: string;
  member: string;
  privacyTitle: string;
  privacyHeading: string;
  privacyText: string;
  backHome: string;
  recordsTitle: string;
  recordsHeading: string;
}

export const PARTNER_WORDS: Record<PageLang, PartnerWords> = {
  en: {
    titleSuffix: 'Northwind Wellness (partner demo)',
    signInTitle: 'Sign in',
    signInHeading: 'Member sign-in',
    signInNote: 'Demo sign-in: choose a demo member.',
    member: 'Member:',
    privacyTitle: 'Privacy',
    privacyHeading: 'Northwind Wellness privacy notice (demo)',
    privacyText: 'This demo stands in for Northwind Wellness’s own privacy notice.',
    backHome: 'Back to Northwind Wellness',
    recordsTitle: 'Your health records',
    recordsHeading: 'Bring your health records',
  },
  es: {
    titleSuffix: 'Northwind Wellness (demostración de un socio)',
    signInTitle: 'Iniciar sesión',
    signInHeading: 'Acceso para miembros',
    signInNote: 'Inicio de sesión de demostración: elija un miembro de demostración.',
    member: 'Miembro:',
    privacyTitle: 'Privacidad',
    privacyHeading: 'Aviso de privacidad de Northwind Wellness (demostración)',
    privacyText: 'Esta demostración ocupa el lugar del aviso de privacidad de Northwind Wellness.',
    backHome: 'Volver a Northwind Wellness',
    recordsTitle: 'Sus expedientes de salud',
    recordsHeading: 'Traiga sus expedientes de salud',
  },
};
