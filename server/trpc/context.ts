import type { Logger } from 'pino';
import type { ConnectTokenVerification } from '../identity/connect-token.js';
import type { ConnectServices } from '../services.js';

/** What every procedure sees. `auth` is decided once per request, before any procedure runs. */
export interface RequestContext {
  services: ConnectServices;
  auth: ConnectTokenVerification;
  /** The calling page's `Origin` header, or null when the caller is not a browser. */
  origin: string | null;
  /** The client's address (the socket's, or one trusted proxy hop's): what rate limits count by. */
  clientAddress: string;
  requestId: string;
  log: Logger;
}
