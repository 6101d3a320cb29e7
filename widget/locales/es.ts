import type { Copy } from './copy.js';
import { esErrors } from './es-errors.js';
import { joinList } from './long-date-and-list.js';

/**
 * Spanish (neutral Latin American), with "usted" as in patient-facing health services: the banner's
 * words and the page's in one file, loaded only by a page that asks for Spanish.
 */
const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

export const es: Copy = {
  lang: 'es',
  longDate: (d) => `${d.getDate()} de ${MONTHS[d.getMonth()]} de ${d.getFullYear()}`,
  // "a, b y c"; "e" for "y" before an /i/ sound as ICU writes it: a last item starting with "i" or "hi",
  // but not "hia"/"hie" (a diphthong: "y hielo").
  list: (items) => joinList(items, /^(i|hi(?![ae]))/i.test(items.at(-1) ?? '') ? ' e ' : ' y '),
  banner: {
    loading: { title: 'Comprobando su conexión…', detail: 'Un momento, estamos comprobando si sus expedientes están conectados.' },
    states: {
      not_connected: {
        title: 'Expedientes aún no conectados',
        detail: 'Siga los pasos a continuación para vincular sus expedientes médicos a través de HealthEx.',
      },
      authorized: {
        title: 'Acceso a HealthEx autorizado: pendiente de confirmación',
        detail: 'Falta un paso: marque sus expedientes como conectados para activar la orientación personalizada.',
      },
      connected: {
        title: 'Expedientes conectados',
        detail: '{host} usa sus expedientes para personalizar su orientación.',
      },
      reauth_required: {
        title: 'Vuelva a conectar sus expedientes',
        detail: 'HealthEx ya no acepta el acceso de {host}. Vuelva a conectar para mantener sus expedientes conectados.',
      },
    },
    connectedSince: (since) => `Conectados desde el ${since}.`,
    connectedScope: (scopes) => `Acceso concedido: ${scopes}.`,
    errorTitle: 'Algo salió mal',
    misconfigured: 'Esta página aún no está preparada para conectar expedientes',
    disconnected: 'Desconectado: {host} ya no lee sus expedientes de HealthEx',
    disconnectedAt: (time) => `Hora de la desconexión: ${time}. Puede volver a conectarlos en cualquier momento con los pasos de abajo.`,
    disconnect: 'Desconectar',
    retry: 'Reintentar',
    busy: {
      confirm: 'Marcando sus expedientes como conectados…',
      disconnect: 'Desconectando sus expedientes…',
    },
    support: 'Contactar con el soporte de {host}',
  },
  unnamedHost: 'este sitio',
  errors: esErrors,
  pageFailed: 'El resto de esta página no se cargó. Vuelva a cargar la página para ver los pasos y la información de privacidad.',
  waiting: {
    title: 'Esperando a HealthEx… Termine en la ventana de HealthEx.',
    show: 'Mostrar la ventana de HealthEx',
    cancel: 'Cancelar',
  },
  notices: {
    denied: 'No concedió el acceso en HealthEx, así que no cambió nada. Puede autorizarlo cuando lo desee.',
    closed: 'Se cerró la ventana de HealthEx, así que no cambió nada.',
    callbackError: (reason) => `La autorización de HealthEx no se completó. ${reason}`,
  },
  scopes: {
    'patient/*.read': 'leer sus expedientes médicos',
    offline_access: 'mantener el acceso hasta que usted se desconecte',
  },
  categoriesLabel: 'Expedientes que puede conectar',
  categories: [
    'Resultados de laboratorio',
    'Medicamentos',
    'Notas de consulta',
    'Diagnósticos',
    'Informes de imágenes',
    'Expedientes hospitalarios',
    'Vacunas',
    'Procedimientos',
    'Alergias',
  ],
  count: (n, more, years) => {
    const records = more ? `${n.toLocaleString('es')} o más registros` : n ? `${n.toLocaleString('es')} registro${n > 1 ? 's' : ''}` : 'Sin registros';
    return years === null ? records : `${records} ${years === 1 ? 'en el último año' : `en los últimos ${years} años`}`;
  },
  countActive: (n) => `${n.toLocaleString('es')} ${n === 1 ? 'activo' : 'activos'}`,
  countUnavailable: 'Recuento no disponible',
  countIncluded: 'Incluido en lo que comparte HealthEx',
  countsFailed: 'No se pudieron cargar sus recuentos de registros en este momento.',
  summary: {
    title: 'Su conexión',
    sharedFrom: 'Compartidos desde',
    organisationsUnknown: 'Las organizaciones desde las que comparte aparecen en HealthEx.',
    lastUpdated: (date) => `Expedientes actualizados por última vez el ${date}.`,
    updating: 'HealthEx está actualizando sus expedientes.',
    getLatest: 'Obtener los expedientes más recientes',
    updateStarted: 'HealthEx está obteniendo sus expedientes más recientes. Puede tardar unos minutos.',
    rateLimited: (seconds) => `Sus expedientes se actualizaron hace poco. Inténtelo ${seconds === null ? 'más tarde' : `en ${Math.ceil(seconds / 60)} min`}.`,
    manage: 'Administrar lo que comparte en HealthEx',
    howItWorks: 'Cómo funciona',
  },
  activity: {
    title: 'Actividad reciente de su conexión',
    features: {
      'health-decisions': 'Decisiones de Salud',
      'determine-diagnosis': 'Determinar Diagnóstico',
      'manage-my-health': 'Gestionar Mi Salud',
    },
    unknownFeature: 'una función de {host}',
    event: (action, ok, feature) =>
      ({
        authorized: ok ? 'Autorizó el acceso a HealthEx' : 'No se autorizó el acceso a HealthEx',
        confirmed: ok ? 'Activó la orientación personalizada' : 'No se pudo activar la orientación personalizada',
        used: ok ? `Usados por ${feature}` : `No pudieron ser usados por ${feature}`,
        refreshed: ok ? 'Acceso renovado' : 'No se pudo renovar el acceso',
        disconnected: ok ? 'Desconexión solicitada' : 'La desconexión no se completó',
        revoked: ok ? 'HealthEx confirmó la desconexión' : 'HealthEx aún no ha confirmado la desconexión',
        update_requested: ok ? 'Pidió a HealthEx sus expedientes más recientes' : 'Se rechazó su solicitud de sus expedientes más recientes: se actualizaron hace poco',
      })[action],
    pageReadsLine: (what, times, day) => `Su página de conexión leyó ${what} · ${times === 1 ? 'una vez' : `${times.toLocaleString('es')} veces`} ${day === null ? 'hoy' : `el ${day}`}`,
    pageReads: {
      'connect-records-summary': 'sus recuentos de registros',
      'connect-records-status': 'cuándo se actualizaron sus expedientes por última vez',
    },
    showEarlier: 'Mostrar actividad anterior',
  },
  stepsLabel: 'Conecte sus expedientes en cuatro pasos',
  stepLabel: (n) => `Paso ${n}`,
  steps: [
    {
      kicker: 'Primeros pasos',
      title: 'Cree su cuenta de HealthEx',
      body: 'HealthEx es la plataforma segura de expedientes médicos que {host} utiliza para acceder a sus datos de salud. Crear una cuenta es gratis y toma menos de dos minutos. Sus expedientes están cifrados de extremo a extremo y usted decide exactamente qué se comparte.',
      link: 'Crear su cuenta de HealthEx',
      note: 'HealthEx es una plataforma de expedientes médicos que cumple con HIPAA.',
    },
    {
      kicker: 'Conecte a sus proveedores',
      title: 'Vincule a sus proveedores médicos y aseguradoras',
      body: 'Dentro de su cuenta de HealthEx, busque a sus médicos, hospitales, laboratorios y aseguradoras. HealthEx se conecta con más de 21,000 proveedores en todo el país, entre ellos Epic, Cerner, athenahealth, Kaiser y la mayoría de los grandes sistemas de salud. Una vez vinculados, sus expedientes se sincronizan automáticamente.',
      link: 'Abrir HealthEx',
      note: 'Puede vincular varios proveedores: atención primaria, especialistas, hospitales y laboratorios. Cuantos más expedientes conecte, más completa será la visión que {host} puede ofrecerle.',
    },
    {
      kicker: 'Autorice el acceso',
      title: 'Conceda a {host} acceso a sus expedientes',
      body: 'Cuando sus proveedores estén vinculados en HealthEx, autorice a {host} a leer sus datos de salud. Usted elige exactamente lo que {host} puede ver, y puede revocar el acceso en cualquier momento.',
      note: '{host} lee sus expedientes para ofrecerle orientación personalizada.',
      noteLink: 'Política de Privacidad',
    },
    {
      kicker: 'Confirme la conexión',
      title: 'Marque sus expedientes como conectados',
      body: 'Cuando haya autorizado a HealthEx y sus expedientes estén vinculados, haga clic abajo para activar las funciones personalizadas en todo {host}.',
      note: 'También puede desconectarse en cualquier momento desde el aviso de estado en la parte superior de esta página.',
    },
  ],
  actions: {
    authorize: 'Autorizar el acceso a HealthEx',
    reauthorize: 'Volver a conectar HealthEx',
    authorized: 'Acceso autorizado',
    confirm: 'Marcar como conectados',
    confirmed: 'Expedientes conectados',
  },
  privacy: {
    title: 'Su privacidad y seguridad',
    items: [
      ['Cumple con HIPAA.', 'Todo el manejo de datos cumple los requisitos de la ley federal de privacidad de la salud.'],
      ['Cifrado de extremo a extremo.', 'Sus expedientes están cifrados en tránsito y en reposo.'],
      ['Nunca se venden.', 'Sus datos de salud nunca se venden, se comparten ni se usan para publicidad.'],
      ['Usted tiene el control.', 'Revoque el acceso en cualquier momento desde su cuenta de HealthEx.'],
    ],
  },
  returnLink: 'Volver a {tier}',
  claims: {
    baa: '{host} tiene firmado un Acuerdo de Socio Comercial (BAA) con {baa}: su información de salud está protegida por la ley federal.',
    tier: 'Esta autorización única activa su nivel de {tier}.',
    purpose: 'Nunca vendemos, compartimos ni usamos sus datos de salud para ningún fin que no sea {purpose}.',
    privacyLead: 'Encontrará todos los detalles en nuestra',
    featuresLead: 'Así {host} usará sus expedientes al generar recomendaciones en',
  },
  dialog: {
    title: '¿Desconectar sus expedientes?',
    body: '{host} dejará de usar sus expedientes médicos y revocará su acceso en HealthEx. Sus expedientes permanecen en su cuenta de HealthEx y puede volver a conectarlos en cualquier momento.',
    cancel: 'Mantener conectados',
    confirm: 'Desconectar',
  },
};
