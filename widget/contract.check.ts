/**
 * Compile-time only (never imported by the widget): proves that the widget's copies of the API types
 * match the connect service's contract. `npm run typecheck` fails when they drift apart.
 */
import type { AppRouter } from '../server/trpc/app-router.js';
import type { ConnectionStatus as ServerStatus } from '../server/connections/connection-status.js';
import type { AppErrorCode as ServerAppErrorCode, APP_ERROR_CODES as SERVER_CODES } from '../server/trpc/error-codes.js';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { APP_ERROR_CODES, AppErrorCode, ConnectionStatus, DisplayMode } from './types.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

type Outputs = inferRouterOutputs<AppRouter>['connection'];
type Inputs = inferRouterInputs<AppRouter>['connection'];

export type Checks = [
  Assert<Equal<ConnectionStatus, ServerStatus>>,
  Assert<Equal<AppErrorCode, ServerAppErrorCode>>,
  Assert<Equal<typeof APP_ERROR_CODES, typeof SERVER_CODES>>,
  Assert<Equal<Outputs['status'], ServerStatus>>,
  Assert<Equal<Outputs['confirm'], ServerStatus>>,
  Assert<Equal<Outputs['disconnect'], ServerStatus>>,
  Assert<Equal<Outputs['begin'], { authorizationUrl: string }>>,
  Assert<Equal<Inputs['begin'], { returnUrl: string; mode: DisplayMode }>>,
];
