/**
 * A minimal stand-in for a HealthEx that misbehaves in one chosen way, for tests of what our OAuth
 * client refuses. Serves RFC 8414 metadata (which a test may alter) and RFC 7591 registration on
 * 127.0.0.1; nothing else.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAuthorizationServer {
  issuer: string;
  close(): Promise<void>;
}

export async function startFakeAuthorizationServer(alterMetadata: (metadata: Record<string, unknown>) => Record<string, unknown>): Promise<FakeAuthorizationServer> {
  const server = createServer((req, res) => {
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET' && req.url === '/.well-known/oauth-authorization-server') {
      res.end(
        JSON.stringify(
          alterMetadata({
            issuer,
            authorization_endpoint: `${issuer}/oauth/authorize`,
            token_endpoint: `${issuer}/oauth/token`,
            registration_endpoint: `${issuer}/oauth/register`,
            response_types_supported: ['code'],
            code_challenge_methods_supported: ['S256'],
          }),
        ),
      );
      return;
    }
    if (req.method === 'POST' && req.url === '/oauth/register') {
      req.resume();
      res.statusCode = 201;
      res.end(JSON.stringify({ client_id: 'fake-client', token_endpoint_auth_method: 'none', redirect_uris: [] }));
      return;
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}
