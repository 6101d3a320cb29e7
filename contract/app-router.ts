/**
 * The connect service's tRPC router, as a type only: the widget's client is typed by it, and
 * TypeScript erases the import, so no service code reaches a widget bundle. The dependency rules
 * allow this one type-only import from the contract into the service.
 */
export type { AppRouter } from '../server/routers/app-router.js';
