/**
 * Every word of the service's own pages in each language they speak. The use cases in connections/
 * answer in English (their words double as the catalogue's keys, as gettext's do); a page in another
 * language looks each sentence up here, so a patient reading Spanish never gets an English page.
 * page-words.test.ts checks that every sentence a use case can put on a page has its Spanish.
 */
import type { PageLocale } from './page-locale.js';

/** The pages' own frame around a use case's title and message. */
export interface PageChrome {
  brand: (host?: string) => string;
  back: (host?: string) => string;
  retry: string;
  help: (host?: string) => string;
  invalidLink: { title: string; message: string };
  root: { title: string; intro: string; sites: string };
}

export const PAGE_CHROME: Record<PageLocale, PageChrome> = {
  en: {
    brand: (host) => (host ? `${host} · HealthEx connection` : 'HealthEx connection'),
    back: (host) => (host ? `Return to ${host}` : 'Go back'),
    retry: 'Try again',
    help: (host) => `Get help from ${host ?? 'the site you came from'}`,
    invalidLink: { title: 'This link is not valid', message: 'The link to connect HealthEx is incomplete. Go back and try again.' },
    root: {
      title: 'HealthEx connect service',
      intro: "This service links a patient's HealthEx medical records to the sites that use it. It has no pages of its own: patients connect their records on those sites.",
      sites: 'Sites that use it:',
    },
  },
  es: {
    brand: (host) => (host ? `${host} · Conexión con HealthEx` : 'Conexión con HealthEx'),
    back: (host) => (host ? `Volver a ${host}` : 'Volver'),
    retry: 'Intentar de nuevo',
    help: (host) => `Pedir ayuda a ${host ?? 'el sitio del que viene'}`,
    invalidLink: { title: 'Este enlace no es válido', message: 'El enlace para conectar HealthEx está incompleto. Vuelva e inténtelo de nuevo.' },
    root: {
      title: 'Servicio de conexión con HealthEx',
      intro: 'Este servicio vincula los historiales médicos de HealthEx de un paciente con los sitios que lo usan. No tiene páginas propias: los pacientes conectan sus historiales en esos sitios.',
      sites: 'Sitios que lo usan:',
    },
  },
};

/** Spanish for each English sentence a use case may answer a page with (patient-error-words.ts and connections/). */
export const SPANISH_PAGE_TEXT: Readonly<Record<string, string>> = {
  // patient-error-words.ts
  'Please sign in again': 'Vuelva a iniciar sesión',
  'Your session has expired. Go back, sign in again and start again.': 'Su sesión ha caducado. Vuelva, inicie sesión de nuevo y empiece otra vez.',
  'You’re signed out': 'Ha cerrado la sesión',
  'You’re signed out. Go back, sign in again and start again.': 'Ha cerrado la sesión. Vuelva, inicie sesión de nuevo y empiece otra vez.',
  'This page cannot connect HealthEx': 'Esta página no puede conectar HealthEx',
  'This page is not set up to connect records. Nothing has been shared.': 'Esta página no está configurada para conectar historiales. No se ha compartido nada.',
  'This link is not valid': 'Este enlace no es válido',
  'The link to connect HealthEx is incomplete. Go back and try again.': 'El enlace para conectar HealthEx está incompleto. Vuelva e inténtelo de nuevo.',
  'HealthEx is not authorized yet': 'HealthEx aún no está autorizado',
  'Authorize HealthEx access first, then try again.': 'Autorice primero el acceso a HealthEx y vuelva a intentarlo.',
  'HealthEx connection failed': 'No se pudo conectar HealthEx',
  'The authorization could not be completed or has expired. Nothing was connected; please start again.': 'La autorización no se pudo completar o ha caducado. No se conectó nada; empiece de nuevo.',
  'HealthEx is not responding': 'HealthEx no responde',
  'HealthEx could not be reached. Nothing was connected; please try again in a few minutes.': 'No se pudo contactar con HealthEx. No se conectó nada; inténtelo de nuevo en unos minutos.',
  'The connection service is unavailable': 'El servicio de conexión no está disponible',
  'The connection service is temporarily unavailable. Nothing was changed; please try again shortly.': 'El servicio de conexión no está disponible por el momento. No se cambió nada; inténtelo de nuevo en breve.',
  'Too many attempts': 'Demasiados intentos',
  'Too many attempts in a short time. Please wait a minute and try again.': 'Demasiados intentos en poco tiempo. Espere un minuto y vuelva a intentarlo.',
  'Something went wrong': 'Algo salió mal',
  'Something went wrong in the connection service. Go back and start again.': 'Algo salió mal en el servicio de conexión. Vuelva y empiece de nuevo.',
  'Records not connected': 'Historiales no conectados',
  'Your records are not connected, so nothing was read.': 'Sus historiales no están conectados, así que no se leyó nada.',
  'Please reconnect your records': 'Vuelva a conectar sus historiales',
  'HealthEx no longer accepts this access. Go back and reconnect your records.': 'HealthEx ya no acepta este acceso. Vuelva y conecte de nuevo sus historiales.',
  'Not available': 'No disponible',
  'This feature cannot use your records.': 'Esta función no puede usar sus historiales.',
  'This service cannot use your records.': 'Este servicio no puede usar sus historiales.',
  // connections/complete-authorization.ts
  'HealthEx sent you back with an incomplete answer. Go back and start again.': 'HealthEx le devolvió con una respuesta incompleta. Vuelva y empiece de nuevo.',
  'HealthEx connection could not finish': 'La conexión con HealthEx no pudo terminar',
  'This sign-in cannot be read by the service right now (an encryption key is unavailable). Go back and start again.':
    'El servicio no puede leer este inicio de sesión ahora mismo (falta una clave de cifrado). Vuelva y empiece de nuevo.',
  'This sign-in link cannot be used': 'Este enlace de inicio de sesión no se puede usar',
  'This HealthEx sign-in took too long and has expired. Go back and start again.': 'Este inicio de sesión en HealthEx tardó demasiado y ha caducado. Vuelva y empiece de nuevo.',
  'This HealthEx sign-in link was already used or is not known. Go back and start again.': 'Este enlace de inicio de sesión en HealthEx ya se usó o no se reconoce. Vuelva y empiece de nuevo.',
  'The answer did not come from HealthEx. Nothing was connected; please start again.': 'La respuesta no vino de HealthEx. No se conectó nada; empiece de nuevo.',
  'Access not shared': 'Acceso no compartido',
  'You chose not to share your HealthEx records. Nothing was connected, and you can start again at any time.':
    'Eligió no compartir sus historiales de HealthEx. No se conectó nada, y puede empezar de nuevo cuando quiera.',
  'HealthEx could not complete the authorization. Nothing was connected; please start again.': 'HealthEx no pudo completar la autorización. No se conectó nada; empiece de nuevo.',
  'HealthEx could not be reached to finish connecting. Nothing was connected; please try again in a moment.':
    'No se pudo contactar con HealthEx para terminar la conexión. No se conectó nada; inténtelo de nuevo en un momento.',
  'HealthEx could not be reached to finish connecting. Your sign-in is still valid for a few minutes: try again now.':
    'No se pudo contactar con HealthEx para terminar la conexión. Su inicio de sesión sigue siendo válido unos minutos: inténtelo de nuevo ahora.',
  'HealthEx did not accept this authorization (it may have been used already). Nothing was connected; please start again.':
    'HealthEx no aceptó esta autorización (puede que ya se haya usado). No se conectó nada; empiece de nuevo.',
  'HealthEx did not send an authorization code. Nothing was connected; please start again.': 'HealthEx no envió un código de autorización. No se conectó nada; empiece de nuevo.',
  'The answer from HealthEx was incomplete. Nothing was connected; please start again.': 'La respuesta de HealthEx estaba incompleta. No se conectó nada; empiece de nuevo.',
  'The answer from HealthEx was not valid. Nothing was connected; please start again.': 'La respuesta de HealthEx no era válida. No se conectó nada; empiece de nuevo.',
  'HealthEx authorized': 'HealthEx autorizado',
  'Your HealthEx records are authorized. You can close this window.': 'Sus historiales de HealthEx están autorizados. Puede cerrar esta ventana.',
};

/** A use case's English sentence in `locale`; one not in the catalogue stays English rather than vanish. */
export function pageText(text: string, locale: PageLocale): string {
  return locale === 'en' ? text : (SPANISH_PAGE_TEXT[text] ?? text);
}
