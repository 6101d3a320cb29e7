/**
 * The back-end API for Salus services (Health Decisions, Determine Diagnosis, Manage My Health):
 * "is this user connected?" and "give me a valid HealthEx access token", plus `fetchRecords` to call
 * HealthEx's MCP record tools directly (`useRecords` for a session, `fetchRecords` for one tool). Used in-process (this module) and over HTTP
 * (backend-routes.ts, service-credential authenticated).
 *
 * Rules: records are used only while the user is `connected` (personalisation on) — `authorized`
 * is not enough; tokens come from connections/access-tokens.ts, which refreshes shortly before
 * expiry with a cross-process lease; and every use leaves an audit event naming the calling feature
 * (`actor`), which the patient sees in their access log.
 */
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';
import { NotConnectedError, ReauthRequiredError, type AccessTokens } from '../connections/access-tokens.js';
import type { ConnectionState } from '../connections/connection-status.js';
import type { ConnectionStore } from '../connections/connection-store.js';
import { ConnectError } from '../errors.js';
import { userKeyString, type UserKey } from '../identity/user-key.js';
import { HealthexUnavailableError } from '../oauth/healthex-client.js';
import { RecordsTokenRejectedError, RecordsToolError, RecordsUnavailableError, type McpRecordsClient, type McpRecordsSession, type ToolAnswer } from '../records/mcp-records-client.js';
import { featureName } from './service-credentials.js';

export interface BackendApiOptions {
  store: ConnectionStore;
  accessTokens: AccessTokens;
  mcp: McpRecordsClient;
  audit: AuditLog;
  log: Logger;
}

/** Optional request details for the audit trail. */
export interface UseContext {
  requestId?: string;
}

export interface ConnectionCheck {
  connected: boolean;
  state: ConnectionState;
}

const NOT_CONNECTED_MESSAGE = 'This user has not connected their HealthEx records (or turned personalisation off). Ask them to connect on the Precision Medicine page.';
const REAUTH_MESSAGE = 'HealthEx no longer accepts this user\'s authorization. Ask them to reconnect their records on the Precision Medicine page.';

function checkFeature(feature: string): void {
  if (!featureName.safeParse(feature).success) throw new ConnectError('INVALID_INPUT', 'The feature name must be lower-case words joined by dashes, e.g. "health-decisions".');
}

export function createBackendApi(options: BackendApiOptions) {
  const { store, accessTokens, mcp, audit, log } = options;

  async function getAccessToken(user: UserKey, feature: string, context: UseContext = {}): Promise<string> {
    checkFeature(feature);
    const use = { action: 'token.use', user, actor: feature, ...(context.requestId ? { requestId: context.requestId } : {}) } as const;
    const document = await store.find(user);
    if (document?.state === 'reauth_required') {
      await audit.record({ ...use, outcome: 'denied', reason: 'reauth_required' });
      throw new ConnectError('REAUTH_REQUIRED', REAUTH_MESSAGE);
    }
    if (document?.state !== 'connected') {
      await audit.record({ ...use, outcome: 'denied', reason: 'not_connected' });
      throw new ConnectError('NOT_CONNECTED', NOT_CONNECTED_MESSAGE);
    }
    try {
      const token = await accessTokens.getAccessToken(user);
      await audit.record({ ...use, outcome: 'success' });
      return token;
    } catch (error) {
      if (error instanceof ReauthRequiredError) {
        await audit.record({ ...use, outcome: 'failure', reason: 'reauth_required' });
        throw new ConnectError('REAUTH_REQUIRED', REAUTH_MESSAGE);
      }
      if (error instanceof NotConnectedError) {
        // Disconnected while we were looking.
        await audit.record({ ...use, outcome: 'denied', reason: 'not_connected' });
        throw new ConnectError('NOT_CONNECTED', NOT_CONNECTED_MESSAGE);
      }
      if (error instanceof HealthexUnavailableError) {
        await audit.record({ ...use, outcome: 'failure', reason: 'healthex_unavailable' });
        throw new ConnectError('HEALTHEX_UNAVAILABLE', 'HealthEx cannot be reached right now. Please try again in a moment.', { cause: error });
      }
      throw error;
    }
  }

  return {
    /** True only in `connected`; `state` says why not (e.g. `reauth_required`). */
    async isConnected(user: UserKey, feature: string, context: UseContext = {}): Promise<ConnectionCheck> {
      checkFeature(feature);
      const document = await store.find(user);
      const state: ConnectionState = document?.state ?? 'not_connected';
      await audit.record({ action: 'connection.check', outcome: 'success', user, actor: feature, reason: state, ...(context.requestId ? { requestId: context.requestId } : {}) });
      return { connected: state === 'connected', state };
    },

    /** A HealthEx access token valid now; throws ConnectError NOT_CONNECTED / REAUTH_REQUIRED / HEALTHEX_UNAVAILABLE. */
    getAccessToken,

    /**
     * Runs `work` in one HealthEx MCP session as the user (audited as one use by `feature`). HealthEx
     * documents -32001 for a missing, expired or malformed token, whatever the HTTP status: the
     * token is then refreshed once and `work` retried once; refused again, the user must reconnect
     * (REAUTH_REQUIRED). `work` must be safe to run twice.
     */
    useRecords,

    /** Calls one HealthEx MCP record tool for the user and returns its text (and structured content, if sent). */
    fetchRecords(user: UserKey, feature: string, tool: string, args: Record<string, unknown> = {}, context: UseContext = {}): Promise<ToolAnswer> {
      return useRecords(user, feature, (session) => session.call(tool, args), context);
    },
  };

  async function useRecords<T>(user: UserKey, feature: string, work: (session: McpRecordsSession) => Promise<T>, context: UseContext = {}): Promise<T> {
    const attempt = async (token: string): Promise<T> => {
      const session = await mcp.open(token);
      try {
        return await work(session);
      } finally {
        await session.close();
      }
    };
    const token = await getAccessToken(user, feature, context);
    try {
      return await attempt(token);
    } catch (error) {
      if (!(error instanceof RecordsTokenRejectedError)) throw asConnectError(error, log, user);
      // The message says how HealthEx refused (JSON-RPC -32001, or the HTTP status): an unknown of docs/healthex-api.md.
      log.info({ user: userKeyString(user), refusal: error.message }, 'HealthEx refused the access token: refreshing once');
      await store.markAccessTokenRefused(user, token);
    }
    const retried = await getAccessToken(user, feature, context);
    try {
      return await attempt(retried);
    } catch (error) {
      if (!(error instanceof RecordsTokenRejectedError)) throw asConnectError(error, log, user);
      // A freshly refreshed token refused too: the grant is gone at HealthEx.
      const document = await store.find(user);
      if (document && document.state !== 'reauth_required' && store.openAccessToken(user, document) === retried) {
        await store.markReauthRequired(user, document.version);
        await audit.record({ action: 'token.use', outcome: 'failure', user, actor: feature, reason: 'reauth_required', ...(context.requestId ? { requestId: context.requestId } : {}) });
      }
      throw new ConnectError('REAUTH_REQUIRED', REAUTH_MESSAGE);
    }
  }
}

function asConnectError(error: unknown, log: Logger, user: UserKey): unknown {
  // A tool's own error (e.g. a rate limit) is for the caller to read.
  if (error instanceof RecordsToolError) return error;
  if (error instanceof RecordsTokenRejectedError || error instanceof RecordsUnavailableError) {
    log.warn({ err: { name: error.name, message: error.message }, user: userKeyString(user) }, 'HealthEx records request failed');
    return new ConnectError('HEALTHEX_UNAVAILABLE', 'HealthEx records cannot be read right now. Please try again in a moment.');
  }
  return error;
}

export type BackendApi = ReturnType<typeof createBackendApi>;
