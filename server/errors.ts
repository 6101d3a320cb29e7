/**
 * The service's failures. The stable error codes the API returns in `error.data.appCode` are the
 * shared contract's (healthex-connect-contract): add codes there, never rename them.
 */
import type { AppErrorCode } from 'healthex-connect-contract';

export { APP_ERROR_CODES, isAppErrorCode, type AppErrorCode } from 'healthex-connect-contract';

/** HTTP status for each stable code; the tRPC layer and the plain Koa routes both use it. */
const STATUS_BY_CODE: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  ORIGIN_NOT_ALLOWED: 403,
  INVALID_INPUT: 400,
  INVALID_RETURN_URL: 400,
  NOT_AUTHORIZED_YET: 409,
  AUTHORIZATION_FAILED: 400,
  HEALTHEX_UNAVAILABLE: 502,
  SERVICE_UNAVAILABLE: 503,
  RATE_LIMITED: 429,
  NOT_CONNECTED: 409,
  REAUTH_REQUIRED: 409,
  FEATURE_NOT_ALLOWED: 403,
  ISSUER_NOT_ALLOWED: 403,
  INTERNAL: 500,
};

/**
 * An expected failure with a stable code and a message safe to show to the caller. Messages must
 * never contain a token, verifier, code or stack; unexpected errors are not ConnectErrors and are
 * reported as INTERNAL with a generic message.
 */
export class ConnectError extends Error {
  override readonly name = 'ConnectError';
  readonly status: number;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = STATUS_BY_CODE[code];
  }
}

export function isConnectError(error: unknown): error is ConnectError {
  return error instanceof ConnectError;
}
