/**
 * What the patient reads for every error code the widget can meet (types.ts's `APP_ERROR_CODES`, the
 * widget's own `NETWORK` and `POPUP_BLOCKED`, and the `CONFIGURATION_*` codes), in every language:
 * one table, so a new code without patient words fails the type check (and error-words.test.ts).
 * The words never carry developer detail: that goes to the console and the `healthex-error` event.
 * `{host}` is the host's name, or "this site" when the host gave none.
 */
import type { Locale } from './locales/index.js';
import type { HealthexErrorCode } from './types.js';

const CANNOT_CONNECT = {
  en: 'This page cannot connect records. Nothing has been shared.',
  es: 'Esta página no puede conectar expedientes. No se ha compartido nada.',
};
const NOT_SET_UP = {
  en: 'Nothing about your records has changed. Please try again later.',
  es: 'No ha cambiado nada en sus expedientes. Inténtelo de nuevo más tarde.',
};

export const PATIENT_ERROR_WORDS: Record<HealthexErrorCode, Record<Locale, string>> = {
  UNAUTHENTICATED: {
    en: 'Your session has expired. Please reload the page and sign in again.',
    es: 'Su sesión ha caducado. Vuelva a cargar la página e inicie sesión de nuevo.',
  },
  SIGNED_OUT: {
    en: 'You’re signed out — sign in again to continue.',
    es: 'Ha cerrado la sesión: vuelva a iniciar sesión para continuar.',
  },
  ORIGIN_NOT_ALLOWED: CANNOT_CONNECT,
  INVALID_INPUT: { en: 'The request could not be processed. Please try again.', es: 'No se pudo procesar la solicitud. Inténtelo de nuevo.' },
  INVALID_RETURN_URL: CANNOT_CONNECT,
  NOT_AUTHORIZED_YET: {
    en: 'HealthEx access has not been authorized yet. Please complete step 3 first.',
    es: 'Todavía no se ha autorizado el acceso a HealthEx. Complete primero el paso 3.',
  },
  AUTHORIZATION_FAILED: {
    en: 'The authorization could not be completed or has expired. Please start step 3 again.',
    es: 'No se pudo completar la autorización o ya caducó. Vuelva a empezar el paso 3.',
  },
  HEALTHEX_UNAVAILABLE: {
    en: 'HealthEx is not responding right now. Please try again in a few minutes.',
    es: 'HealthEx no responde en este momento. Inténtelo de nuevo en unos minutos.',
  },
  SERVICE_UNAVAILABLE: {
    en: '{host}’s connection service is temporarily unavailable. Please try again shortly.',
    es: 'El servicio de conexión de {host} no está disponible temporalmente. Inténtelo de nuevo en breve.',
  },
  RATE_LIMITED: {
    en: 'Too many attempts in a short time. Please wait a minute and try again.',
    es: 'Demasiados intentos en poco tiempo. Espere un minuto e inténtelo de nuevo.',
  },
  INTERNAL: {
    en: 'Something went wrong in {host}’s connection service. Please try again.',
    es: 'Algo salió mal en el servicio de conexión de {host}. Inténtelo de nuevo.',
  },
  NOT_CONNECTED: {
    en: 'Your records are not connected, so nothing was read.',
    es: 'Sus expedientes no están conectados, así que no se leyó nada.',
  },
  REAUTH_REQUIRED: {
    en: 'HealthEx no longer accepts this access. Please reconnect your records.',
    es: 'HealthEx ya no acepta este acceso. Vuelva a conectar sus expedientes.',
  },
  FEATURE_NOT_ALLOWED: { en: 'This feature cannot use your records.', es: 'Esta función no puede usar sus expedientes.' },
  ISSUER_NOT_ALLOWED: { en: 'This service cannot use your records.', es: 'Este servicio no puede usar sus expedientes.' },
  NETWORK: {
    en: 'We couldn’t reach {host}’s connection service. Please try again in a few minutes.',
    es: 'No pudimos comunicarnos con el servicio de conexión de {host}. Inténtelo de nuevo en unos minutos.',
  },
  POPUP_BLOCKED: {
    en: 'Your browser blocked the HealthEx window, so we are taking you to HealthEx in this tab instead.',
    es: 'Su navegador bloqueó la ventana de HealthEx, así que lo llevaremos a HealthEx en esta pestaña.',
  },
  CONFIGURATION_NO_TOKEN: NOT_SET_UP,
  CONFIGURATION_API_BASE: NOT_SET_UP,
  CONFIGURATION_TOKEN_PROVIDER: NOT_SET_UP,
};

/** The patient's words for `code` in `locale`, naming `host`; unknown codes read as INTERNAL. */
export function patientErrorText(code: string, locale: Locale, host: string): string {
  const words = PATIENT_ERROR_WORDS[code as HealthexErrorCode] ?? PATIENT_ERROR_WORDS.INTERNAL;
  return words[locale].replace(/\{host\}/g, host);
}

/** Codes whose fix is the host's, not the patient's: the banner offers the host's support link. */
export function needsHostSupport(code: string): boolean {
  return code === 'ORIGIN_NOT_ALLOWED' || code === 'INVALID_RETURN_URL' || code.startsWith('CONFIGURATION_');
}
