/**
 * The import rules of the code base, checked by `npm run check:deps` (part of `npm test`);
 * checks/dependency-rules.test.ts proves each rule fails on a fixture that breaks it.
 * - no import circles anywhere (type-only imports count: they tie the files' meaning together);
 * - the service's production code (server/, test files aside) imports only server/ and packages:
 *   never demo/, testkit/ or anything else above it;
 * - the widget's production code (widget/, tests and widget/testing/ aside) takes nothing from
 *   server/ at run time. Type-only imports (`import type { AppRouter } ...`) are allowed: the rule
 *   matches only dependencies that are not of the `type-only` kind, and TypeScript erases those, so
 *   no server code reaches the bundle.
 */
const TEST_FILE = '\\.test\\.ts$';

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
      name: 'server-imports-only-server',
      severity: 'error',
      comment: 'Production code under server/ imports server/ and packages only (no demo/, no testkit/).',
      from: { path: '^server/', pathNot: TEST_FILE },
      to: { pathNot: '^(server/|node_modules/)', dependencyTypesNot: ['core'] },
    },
    {
      name: 'widget-takes-no-server-value',
      severity: 'error',
      comment: 'The widget bundle must not contain server code; the router type may be imported with `import type`.',
      from: { path: '^widget/', pathNot: [TEST_FILE, '^widget/testing/'] },
      to: { path: '^server/', dependencyTypesNot: ['type-only', 'type-import'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve cannot be checked (or run).',
      from: {},
      // `healthex-connect` is the package itself (its built widget, dist/), imported by the Salus page
      // the way a host site would; it resolves once the widget is built.
      to: { couldNotResolve: true, pathNot: '^healthex-connect$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The framework apps and the typings they check resolve only inside a packed install.
    exclude: { path: ['^node_modules/', '^dist/', '^checks/fixtures/', '^release/frameworks/apps/', '^widget/frameworks/types/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve packages the way Node does (their `exports` maps), so a package import is one.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], mainFields: ['module', 'main', 'types'] },
  },
};
