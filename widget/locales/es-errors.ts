import type { ErrorWords } from '../error-words.js';

/**
 * What the patient reads for every error code, in Spanish (../error-words.ts says which codes and how
 * they are used). The words never carry developer detail: that goes to the console and the
 * `healthex-error` event. `{host}` is the host's name, or "this site" when the host gave none.
 */
const CANNOT_CONNECT = 'Esta página no puede conectar expedientes. No se ha compartido nada.';
const NOT_SET_UP = 'No ha cambiado nada en sus expedientes. Inténtelo de nuevo más tarde.';

export const esErrors: ErrorWords = {
  UNAUTHENTICATED: 'Su sesión ha caducado. Vuelva a cargar la página e inicie sesión de nuevo.',
  SIGNED_OUT: 'Ha cerrado la sesión: vuelva a iniciar sesión para continuar.',
  ORIGIN_NOT_ALLOWED: CANNOT_CONNECT,
  INVALID_INPUT: 'No se pudo procesar la solicitud. Inténtelo de nuevo.',
  INVALID_RETURN_URL: CANNOT_CONNECT,
  NOT_AUTHORIZED_YET: 'Todavía no se ha autorizado el acceso a HealthEx. Complete primero el paso 3.',
  AUTHORIZATION_FAILED: 'No se pudo completar la autorización o ya caducó. Vuelva a empezar el paso 3.',
  HEALTHEX_UNAVAILABLE: 'HealthEx no responde en este momento. Inténtelo de nuevo en unos minutos.',
  SERVICE_UNAVAILABLE: 'El servicio de conexión de {host} no está disponible temporalmente. Inténtelo de nuevo en breve.',
  RATE_LIMITED: 'Demasiados intentos en poco tiempo. Espere un minuto e inténtelo de nuevo.',
  INTERNAL: 'Algo salió mal en el servicio de conexión de {host}. Inténtelo de nuevo.',
  NOT_CONNECTED: 'Sus expedientes no están conectados, así que no se leyó nada.',
  REAUTH_REQUIRED: 'HealthEx ya no acepta este acceso. Vuelva a conectar sus expedientes.',
  FEATURE_NOT_ALLOWED: 'Esta función no puede usar sus expedientes.',
  ISSUER_NOT_ALLOWED: 'Este servicio no puede usar sus expedientes.',
  NETWORK: 'No pudimos comunicarnos con el servicio de conexión de {host}. Inténtelo de nuevo en unos minutos.',
  POPUP_BLOCKED: 'Su navegador bloqueó la ventana de HealthEx, así que lo llevaremos a HealthEx en esta pestaña.',
  CONFIGURATION_NO_TOKEN: NOT_SET_UP,
  CONFIGURATION_API_BASE: NOT_SET_UP,
  CONFIGURATION_TOKEN_PROVIDER: NOT_SET_UP,
};
