/**
 * Compile-time only (never imported by the widget): proves that the widget's copies of the API types
 * match the connect service's contract. `npm run typecheck` fails when they drift apart.
 */
import type { AppRouter } from '../server/routers/app-router.js';
import type { ConnectionStatus as ServerStatus } from '../server/connections/connection-status.js';
import type { AppErrorCode as ServerAppErrorCode, APP_ERROR_CODES as SERVER_CODES } from '../server/errors.js';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { RecordsSharingOutput, RecordsSummaryOutput, RecordsUpdateOutput } from '../server/routers/records-router.js';
import type { ActivityLogInput, ActivityLogOutput } from '../server/routers/activity-router.js';
import type { AttemptOutcome as ServerAttemptOutcome } from '../server/connections/connection-service.js';
import type { APP_ERROR_CODES, ActivityLog, AttemptOutcome, AppErrorCode, ConnectionStatus, DisplayMode, RecordsSharing, RecordsSummary, RecordsUpdate } from './types.js';

/** Every code the service may send must have widget copy; the widget may know codes the service dropped. */
type Covers<Wide, Narrow> = [Narrow] extends [Wide] ? true : false;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

type Outputs = inferRouterOutputs<AppRouter>['connection'];
type Inputs = inferRouterInputs<AppRouter>['connection'];
type AllOutputs = inferRouterOutputs<AppRouter>;
type AllInputs = inferRouterInputs<AppRouter>;

export type Checks = [
  Assert<Equal<ConnectionStatus, ServerStatus>>,
  Assert<Covers<AppErrorCode, ServerAppErrorCode>>,
  Assert<Covers<(typeof APP_ERROR_CODES)[number], (typeof SERVER_CODES)[number]>>,
  Assert<Equal<Outputs['status'], ServerStatus>>,
  Assert<Equal<Outputs['confirm'], ServerStatus>>,
  Assert<Equal<Outputs['disconnect'], ServerStatus>>,
  Assert<Equal<Outputs['begin'], { authorizationUrl: string }>>,
  Assert<Equal<Inputs['begin'], { returnUrl: string; mode: DisplayMode; attempt?: string | undefined }>>,
  Assert<Equal<Inputs['attempt'], { attempt: string }>>,
  Assert<Equal<AttemptOutcome, ServerAttemptOutcome>>,
  Assert<Covers<Outputs['attempt'], AttemptOutcome>>,
  Assert<Covers<AttemptOutcome, Outputs['attempt']>>,
  Assert<Equal<RecordsSummary, RecordsSummaryOutput>>,
  Assert<Equal<AllOutputs['records']['summary'], RecordsSummary>>,
  Assert<Equal<RecordsSharing, RecordsSharingOutput>>,
  Assert<Equal<AllOutputs['records']['sharing'], RecordsSharing>>,
  Assert<Equal<RecordsUpdate, RecordsUpdateOutput>>,
  Assert<Equal<AllOutputs['records']['update'], RecordsUpdate>>,
  Assert<Equal<ActivityLog, ActivityLogOutput>>,
  // tRPC's serialized output type spells the optional `feature` differently: same type both ways round.
  Assert<Covers<AllOutputs['activity']['log'], ActivityLog>>,
  Assert<Covers<ActivityLog, AllOutputs['activity']['log']>>,
  // The widget's `{ limit }` is a valid input.
  Assert<Covers<AllInputs['activity']['log'], { limit: number }>>,
  Assert<Covers<ActivityLogInput, { limit: number }>>,
];
