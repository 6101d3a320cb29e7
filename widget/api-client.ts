/**
 * The widget's only way to the connect service: a tRPC client (`createTRPCUntypedClient` with one
 * `httpLink`: plain JSON, one HTTP request per call), its paths, inputs and results typed by the
 * server's `AppRouter` (the untyped client, not the typed proxy: the proxy's code is ~190 bytes
 * min+gzip of the script-tag file, for eight calls written once below), that sends the connect
 * token as a Bearer header and, when the service answers UNAUTHENTICATED and the host gave a token
 * function, asks it once for a fresh token and retries once. Failures become {@link ConnectApiError}s
 * with a stable code. Only @trpc/client's public API is used; the build bundles it unmodified.
 */
import { createTRPCUntypedClient, httpLink, TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from 'healthex-connect-contract/app-router';
import {
  isAppErrorCode,
  type ActivityLog,
  type AttemptOutcome,
  type ConnectionStatus,
  type DisplayMode,
  type HealthexErrorCode,
  type RecordsSharing,
  type RecordsSummary,
  type RecordsUpdate,
  type TokenProvider,
} from './types.js';

/** A failed call: `code` is the service's `appCode`, or `NETWORK` when it could not be reached. */
export class ConnectApiError extends Error {
  override readonly name = 'ConnectApiError';
  constructor(
    readonly code: HealthexErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Where the token comes from, read at every call so the host can change it at any time. */
export interface TokenSource {
  /** The `token` attribute or property. */
  token?: string | null | undefined;
  /** The `tokenProvider` property; preferred over `token` when both are set. */
  provider?: TokenProvider | null | undefined;
}

export interface ConnectClientOptions {
  /** The connect service's base URL; the tRPC endpoint is `${apiBase}/trpc`. */
  apiBase: string;
  tokens: () => TokenSource;
}

/** Turns anything a tRPC call throws into a ConnectApiError with a stable code. */
export function toConnectApiError(error: unknown): ConnectApiError {
  if (error instanceof ConnectApiError) return error;
  if (error instanceof TRPCClientError) {
    const data: unknown = error.data;
    const appCode = typeof data === 'object' && data !== null ? (data as { appCode?: unknown }).appCode : undefined;
    if (isAppErrorCode(appCode)) return new ConnectApiError(appCode, error.message);
    const httpStatus = typeof data === 'object' && data !== null ? (data as { httpStatus?: unknown }).httpStatus : undefined;
    if (httpStatus === 401) return new ConnectApiError('UNAUTHENTICATED', error.message);
    // No error shape at all: the request never got a tRPC answer (offline, DNS, CORS refusal, proxy page).
    if (data === undefined || data === null) return new ConnectApiError('NETWORK', error.message);
    return new ConnectApiError('INTERNAL', error.message);
  }
  return new ConnectApiError('NETWORK', error instanceof Error ? error.message : String(error));
}

/** For the state-changing calls: ask the provider for a fresh token right before. */
const FRESH = true;

type Inputs = inferRouterInputs<AppRouter>;
type Outputs = inferRouterOutputs<AppRouter>;
/** "connection.status", "records.summary", …: every procedure of the router, as tRPC names it. */
type ProcedurePath = { [R in keyof Outputs]: `${R & string}.${keyof Outputs[R] & string}` }[keyof Outputs];
/** `Inputs` or `Outputs` of the procedure at `P`. */
type At<T, P extends string> = P extends `${infer R}.${infer Q}` ? (R extends keyof T ? (Q extends keyof T[R] ? T[R][Q] : never) : never) : never;

export class ConnectClient {
  readonly #trpc;
  readonly #tokens: () => TokenSource;
  /** The provider's last token, kept until the service refuses it. */
  #cached: { provider: TokenProvider; token: Promise<string> } | undefined;

  constructor(options: ConnectClientOptions) {
    this.#tokens = options.tokens;
    const url = `${options.apiBase.replace(/\/+$/, '')}/trpc`;
    this.#trpc = createTRPCUntypedClient<AppRouter>({
      links: [
        httpLink({
          url,
          headers: ({ op }) => {
            const token = op.context['token'];
            return typeof token === 'string' && token !== '' ? { authorization: `Bearer ${token}` } : {};
          },
        }),
      ],
    });
  }

  status(): Promise<ConnectionStatus> {
    return this.#send('query', 'connection.status');
  }

  begin(input: { returnUrl: string; mode: DisplayMode; attempt?: string }): Promise<{ authorizationUrl: string }> {
    return this.#send('mutation', 'connection.begin', input, FRESH);
  }

  /** How this tab's authorization `attempt` ended, as the service recorded it. */
  attempt(attempt: string): Promise<AttemptOutcome> {
    return this.#send('query', 'connection.attempt', { attempt });
  }

  confirm(): Promise<ConnectionStatus> {
    return this.#send('mutation', 'connection.confirm', undefined, FRESH);
  }

  disconnect(): Promise<ConnectionStatus> {
    return this.#send('mutation', 'connection.disconnect', undefined, FRESH);
  }

  /** Record counts per category; only for a `connected` user. */
  summary(): Promise<RecordsSummary> {
    return this.#send('query', 'records.summary');
  }

  /** What the patient shares (organisations, last update), as far as the service knows. */
  sharing(): Promise<RecordsSharing> {
    return this.#send('query', 'records.sharing');
  }

  /** "Get latest records": asks HealthEx to refresh the records from the providers. */
  update(): Promise<RecordsUpdate> {
    return this.#send('mutation', 'records.update', undefined, FRESH);
  }

  /** The user's latest connection events, newest first. */
  activity(limit: number, before?: string): Promise<ActivityLog> {
    return this.#send('query', 'activity.log', before === undefined ? { limit } : { limit, before });
  }

  /** One procedure call (a query or a mutation, as the router defines it), with the token and its retry. */
  #send<P extends ProcedurePath>(kind: 'query' | 'mutation', path: P, input?: At<Inputs, P>, fresh = false): Promise<At<Outputs, P>> {
    return this.#call((context) => this.#trpc[kind](path, input, { context }) as Promise<At<Outputs, P>>, fresh);
  }

  /**
   * The token for the next call: the provider's cached one, a fresh one, or the static token. A
   * provider that fails when asked for a fresh one means the host no longer vouches for the user.
   */
  #token(fresh: boolean): Promise<string | null> {
    const { token, provider } = this.#tokens();
    if (!provider) return Promise.resolve(token || null);
    const cached = this.#cached;
    if (!fresh && cached !== undefined && cached.provider === provider) return cached.token;
    // Asked synchronously (a throw still becomes a rejection): on connect, before the first render.
    const next = new Promise<string>((resolve) => resolve(provider())).then(
      (value) => {
        if (typeof value === 'string' && value) return value;
        throw new Error(`tokenProvider returned ${value === '' ? 'an empty string' : typeof value}`);
      },
    ).catch((error: unknown) => {
      // A failed provider call must not stick: the next call asks again.
      if (this.#cached?.token === next) this.#cached = undefined;
      // Asked fresh (right before a state-changing call), a refusal means the host no longer vouches
      // for the user: signed out. Otherwise it is the host's set-up: the page says so and the console names the fix.
      throw new ConnectApiError(fresh ? 'SIGNED_OUT' : 'CONFIGURATION_TOKEN_PROVIDER', error instanceof Error ? error.message : 'tokenProvider failed');
    });
    this.#cached = { provider, token: next };
    return next;
  }

  /**
   * One call with the current token, retried once with a fresh one when the service refuses it.
   * `fresh`: a state-changing call, for which the provider is asked right before (the service
   * refuses those with a connect token older than about a minute: trpc/fresh-token.ts).
   */
  async #call<T>(send: (context: { token: string | null }) => Promise<T>, fresh: boolean): Promise<T> {
    const run = async (token: Promise<string | null>) => send({ token: await token });
    let token = this.#token(fresh);
    try {
      return await run(token);
    } catch (error) {
      const failure = toConnectApiError(error);
      if (failure.code !== 'UNAUTHENTICATED' || !this.#tokens().provider) throw failure;
      // Concurrent calls refused with the same token share one fresh token: the provider is asked once.
      token = this.#cached?.token === token ? this.#token(true) : this.#token(false);
    }
    try {
      return await run(token);
    } catch (error) {
      throw toConnectApiError(error);
    }
  }
}
