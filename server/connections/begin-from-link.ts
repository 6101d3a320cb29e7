/**
 * Begin for a plain link (`GET /auth/healthex?token=<connect token>&returnUrl=…&mode=…`), for pages
 * that cannot run the widget's script: the same checks as the `connection.begin` procedure
 * (authorizeRequest, then the service's begin), answered as a redirect to HealthEx or a page saying
 * why not. The route (http/authorization-routes.ts) parses the query and renders the answer.
 */
import { DISPLAY_MODES } from 'healthex-connect-contract';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log.js';
import { toConnectError } from '../db/database-outage.js';
import { authorizeRequest } from '../identity/authorize-request.js';
import { PATIENT_PAGE_WORDS } from '../patient-error-words.js';
import type { ConnectTokenVerification } from '../identity/connect-token.js';
import type { ConnectionService } from './connection-service.js';

export const beginLinkQuery = z.object({
  token: z.string().min(1).max(8192),
  returnUrl: z.string().url().max(2048),
  mode: z.enum(DISPLAY_MODES).default('redirect'),
});
export type BeginLinkQuery = z.infer<typeof beginLinkQuery>;

export type BeginLinkOutcome = { redirectTo: string } | { status: number; title: string; message: string };

export interface LinkBeginDeps {
  verifyToken: (token: string) => Promise<ConnectTokenVerification>;
  connections: Pick<ConnectionService, 'begin'>;
  audit: Pick<AuditLog, 'record'>;
}


export function createLinkBegin(deps: LinkBeginDeps) {
  const { verifyToken, connections, audit } = deps;

  /** `origin` is the request's `Origin` header or null: a navigation sends none. */
  return async function beginFromLink(query: BeginLinkQuery, origin: string | null, requestId: string): Promise<BeginLinkOutcome> {
    try {
      const { user, issuer } = await authorizeRequest(await verifyToken(query.token), origin, { audit, requestId });
      const { authorizationUrl } = await connections.begin(user, issuer, { returnUrl: query.returnUrl, mode: query.mode }, requestId);
      return { redirectTo: authorizationUrl };
    } catch (error) {
      const known = toConnectError(error);
      if (!known) throw error;
      // The patient's words for the code; the developer's message stays out of the page.
      return { status: known.status, ...PATIENT_PAGE_WORDS[known.code] };
    }
  };
}

export type BeginFromLink = ReturnType<typeof createLinkBegin>;
