import type { UserKey } from '../identity/user-key.js';
import type { TrustedIssuer } from '../identity/trusted-issuers.js';
import type { BeginInput } from '../trpc/connection-router.js';
import type { ConnectionStatus } from './connection-status.js';

/** What the widget's procedures do; implemented by `createConnectionService`. */
export interface ConnectionService {
  status(user: UserKey): Promise<ConnectionStatus>;
  begin(user: UserKey, issuer: TrustedIssuer, input: BeginInput, requestId: string): Promise<{ authorizationUrl: string }>;
  confirm(user: UserKey, requestId: string): Promise<ConnectionStatus>;
  disconnect(user: UserKey, requestId: string): Promise<ConnectionStatus>;
}
