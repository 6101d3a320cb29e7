/**
 * Who is asking, and may they ask from this page? One answer for every entry point that acts for a
 * user (the tRPC `authed` procedure and the plain-link begin, `GET /auth/healthex`): the connect token
 * must have verified, and a page that sends an `Origin` must be one the token's issuer allows (a
 * navigation sends none). Every refusal leaves an audit event, with the user when the token named one.
 */
import type { AuditLog } from '../audit/audit-log.js';
import { ConnectError } from '../errors.js';
import type { ConnectTokenVerification } from './connect-token.js';
import type { TrustedIssuer } from './trusted-issuers.js';
import type { UserKey } from './user-key.js';

export interface AuthorizedRequest {
  user: UserKey;
  issuer: TrustedIssuer;
}

/**
 * `token` is the connect token as verified (once per request, by whoever read it); `origin` is the
 * calling page's `Origin` header, or null when there is none. Throws UNAUTHENTICATED or
 * ORIGIN_NOT_ALLOWED (as ConnectErrors, after recording the refusal).
 */
export async function authorizeRequest(
  token: ConnectTokenVerification,
  origin: string | null,
  record: { audit: Pick<AuditLog, 'record'>; requestId: string },
): Promise<AuthorizedRequest> {
  const { audit, requestId } = record;
  if (!token.ok) {
    await audit.record({ action: 'request.denied', outcome: 'denied', reason: token.reason, requestId });
    throw new ConnectError('UNAUTHENTICATED', token.message);
  }
  if (origin !== null && !token.issuer.allowedOrigins.includes(origin)) {
    await audit.record({ action: 'request.denied', outcome: 'denied', user: token.user, reason: 'origin_not_allowed', requestId });
    throw new ConnectError('ORIGIN_NOT_ALLOWED', 'This page is not allowed to use this connect token.');
  }
  return { user: token.user, issuer: token.issuer };
}
