/**
 * The personalisation panel's words, in the page's language: the server renders its first text, the
 * page script the answers of Salus's back end. Salus's feature names are its own (salus-profile.ts).
 */
import { SALUS_HOST_PROFILE } from '../salus-profile.js';

export type PanelLang = 'en' | 'es';
export type Personalisation = 'on' | 'off' | 'unavailable';

const features = (lang: PanelLang, and: string) => {
  const names = SALUS_HOST_PROFILE.features.map((feature) => feature.name[lang]);
  return `${names.slice(0, -1).join(', ')} ${and} ${names.at(-1)}`;
};

export const PANEL_WORDS: Record<PanelLang, { title: string; checking: string; source: string; answers: Record<Personalisation, string> }> = {
  en: {
    title: 'Personalized guidance',
    checking: 'Checking…',
    source: 'Salus’s back end asks the connect service (<code>isConnected</code>) — this panel does not rely on the widget.',
    answers: {
      on: `On — your health coach uses your connected records for ${features('en', 'and')}.`,
      off: 'Off — your guidance is general until you connect your records and mark them as connected.',
      unavailable: 'Unknown — Salus could not reach the connection service. Try again shortly.',
    },
  },
  es: {
    title: 'Orientación personalizada',
    checking: 'Comprobando…',
    source: 'El servidor de Salus consulta al servicio de conexión (<code>isConnected</code>): este panel no depende del widget.',
    answers: {
      on: `Activada: su asesor de salud usa sus expedientes conectados para ${features('es', 'y')}.`,
      off: 'Desactivada: su orientación es general hasta que conecte sus expedientes y los marque como conectados.',
      unavailable: 'Desconocida: Salus no pudo comunicarse con el servicio de conexión. Vuelva a intentarlo en unos momentos.',
    },
  },
};
