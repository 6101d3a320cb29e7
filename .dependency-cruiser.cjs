/**
 * The import rules of the code base, checked by `npm run check:deps` (part of `npm test`);
 * checks/dependency-rules.test.ts proves each rule fails on a fixture that breaks it.
 *
 * Between the workspaces (contract/, widget/, server/, sandbox/), for production code (tests and
 * test support aside):
 * - the contract imports nothing but itself; its one exception is the router's type, imported
 *   type-only from server/routers/ (TypeScript erases it);
 * - the widget imports only widget/ and the contract (no server file at all, not even a type: its
 *   router type comes through the contract), so its bundles and declarations stay self-contained;
 * - the service imports only server/, the contract and packages: never the sandbox, demo/ or a
 *   test kit; the sandbox imports only sandbox/ and packages (it stands in for HealthEx).
 * Inside the service, folders form layers, top to bottom (see docs/architecture.md):
 *   entry (main.ts, cli/) → composition (app.ts, config.ts, http/, metrics/, lifecycle/) →
 *   routers (routers/) → procedures (trpc/, services.ts) → use cases (connections/, records/,
 *   activity/, backend-api/, readiness/) → stores and clients (audit/, db/, identity/, oauth/,
 *   crypto/, net/, limits/, errors.ts, patient-error-words.ts, logger.ts).
 * A file may import its own layer and the layers below; an import back up fails. Type-only imports
 * count too, as they do for circles: they tie the files' meaning together.
 * Everywhere: no import circles, and no import that does not resolve.
 */
const TEST_FILE = '\\.test\\.ts$';
const WIDGET_TEST_SUPPORT = ['^widget/testing/', '^widget/[^/]+\\.check\\.ts$'];
/** The package's Node build scripts (framework typings, the React entry's rollup builds): never shipped. */
const WIDGET_BUILD_SCRIPTS = '^widget/frameworks/[^/]+\\.mjs$';

/** The service's layers, top first: [name, the paths that belong to it]. */
const SERVER_LAYERS = [
  ['entry', '^server/(main\\.ts$|cli/)'],
  ['composition', '^server/(app\\.ts|config\\.ts|production-readiness\\.ts)$|^server/(http|metrics|lifecycle)/'],
  ['routers', '^server/routers/'],
  ['procedures', '^server/services\\.ts$|^server/trpc/'],
  ['use-cases', '^server/(connections|records|activity|backend-api|readiness)/'],
  ['stores-and-clients', '^server/(errors|patient-error-words|logger)\\.ts$|^server/(audit|db|identity|oauth|crypto|net|limits)/'],
];

/** One rule per layer below the top: its files may not import any layer above it. */
const layerRules = SERVER_LAYERS.slice(1).map(([name, path], index) => ({
  name: `server-layer-${name}-imports-no-layer-above`,
  severity: 'error',
  comment: `server/ ${name} (${path}) may import its own layer and those below, never ${SERVER_LAYERS.slice(0, index + 1)
    .map(([above]) => above)
    .join(', ')}.`,
  from: { path, pathNot: TEST_FILE },
  to: { path: SERVER_LAYERS.slice(0, index + 1).map(([, above]) => above) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import circles make a module mean something only together with its importers.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'every-server-file-has-a-layer',
      severity: 'error',
      comment: 'A new folder under server/ must be given its layer in .dependency-cruiser.cjs (SERVER_LAYERS).',
      from: { path: '^server/', pathNot: [TEST_FILE, ...SERVER_LAYERS.map(([, path]) => path)] },
      to: {},
    },
    ...layerRules,
    {
      name: 'server-imports-only-server-and-contract',
      severity: 'error',
      comment: 'Production code under server/ imports server/, the contract and packages only (no sandbox, demo/ or test kit).',
      from: { path: '^server/', pathNot: TEST_FILE },
      to: { pathNot: '^(server/|contract/|node_modules/)', dependencyTypesNot: ['core'] },
    },
    {
      name: 'widget-imports-only-widget-and-contract',
      severity: 'error',
      comment: 'The widget takes nothing from the service, not even a type (its router type comes through the contract).',
      from: { path: '^widget/', pathNot: [TEST_FILE, ...WIDGET_TEST_SUPPORT, WIDGET_BUILD_SCRIPTS] },
      to: { pathNot: '^(widget/|contract/|node_modules/)' },
    },
    {
      name: 'widget-build-scripts-import-only-widget-contract-and-node',
      severity: 'error',
      comment: "The widget's build scripts run in Node at build time: Node's own modules, packages, widget/ and the contract; nothing of the service.",
      from: { path: WIDGET_BUILD_SCRIPTS },
      to: { pathNot: '^(widget/|contract/|node_modules/)', dependencyTypesNot: ['core'] },
    },
    {
      name: 'contract-imports-only-contract',
      severity: 'error',
      comment: 'The contract imports nothing at run time; the router type (server/routers/app-router.ts) is its one import from outside.',
      from: { path: '^contract/', pathNot: TEST_FILE },
      to: { pathNot: '^(contract/|server/routers/app-router\\.ts$)' },
    },
    {
      name: 'contract-takes-the-router-as-a-type',
      severity: 'error',
      comment: 'The contract takes the router with `export type`/`import type` only, so no service code can reach a widget bundle.',
      from: { path: '^contract/', pathNot: TEST_FILE },
      to: { path: '^server/', dependencyTypesNot: ['type-only', 'type-import'] },
    },
    {
      name: 'sandbox-stands-alone',
      severity: 'error',
      comment: 'The sandbox stands in for HealthEx and is published alone: it imports only sandbox/ and packages.',
      from: { path: '^sandbox/', pathNot: TEST_FILE },
      to: { pathNot: '^(sandbox/|node_modules/)', dependencyTypesNot: ['core'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve cannot be checked (or run).',
      from: {},
      // `healthex-connect` is the widget package (its build, widget/dist), imported by the Salus page
      // the way a host site would; it resolves once the widget is built.
      to: { couldNotResolve: true, pathNot: '^healthex-connect$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The framework apps and the typings they check resolve only inside a packed install.
    exclude: { path: ['^node_modules/', '(^|/)dist/', '^checks/fixtures/', '^release/frameworks/apps/', '^widget/frameworks/types/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve packages the way Node does (their `exports` maps), so a package import is one.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], mainFields: ['module', 'main', 'types'] },
  },
};
