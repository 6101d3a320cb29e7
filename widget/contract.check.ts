/**
 * Compile-time only (never imported by the widget): proves that the widget's copies of the API types
 * match the connect service's contract. `npm run typecheck` fails when they drift apart.
 */
import type { AppRouter } from '../server/trpc/app-router.js';
import type { ConnectionStatus as ServerStatus } from '../server/connections/connection-status.js';
import type { AppErrorCode as ServerAppErrorCode, APP_ERROR_CODES as SERVER_CODES } from '../server/trpc/error-codes.js';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { APP_ERROR_CODES, AppErrorCode, ConnectionStatus, DisplayMode } from './types.js';

/** Every code the service may send must have widget copy; the widget may know codes the service dropped. */
type Covers<Wide, Narrow> = [Narrow] extends [Wide] ? true : false;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

type Outputs = inferRouterOutputs<AppRouter>['connection'];
type Inputs = inferRouterInputs<AppRouter>['connection'];

export type Checks = [
  Assert<Equal<ConnectionStatus, ServerStatus>>,
  Assert<Covers<AppErrorCode, ServerAppErrorCode>>,
  Assert<Covers<(typeof APP_ERROR_CODES)[number], (typeof SERVER_CODES)[number]>>,
  Assert<Equal<Outputs['status'], ServerStatus>>,
  Assert<Equal<Outputs['confirm'], ServerStatus>>,
  Assert<Equal<Outputs['disconnect'], ServerStatus>>,
  Assert<Equal<Outputs['begin'], { authorizationUrl: string }>>,
  Assert<Equal<Inputs['begin'], { returnUrl: string; mode: DisplayMode }>>,
];
