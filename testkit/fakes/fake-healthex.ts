/**
 * A small HealthEx stand-in whose token endpoint can be made to fail on purpose — answer 500, hang,
 * reset the connection, or run a hook first (to take the database away mid-callback) — and whose
 * revocation endpoint can be down or hang (the revocation outbox's tests). Everything
 * else follows the protocol closely enough for our OAuth client: RFC 8414 metadata with RFC 9207
 * `iss`, RFC 7591 registration, authorization with S256 PKCE checked, code and refresh grants with
 * rotation, RFC 7009 revocation. Loopback only; the sandbox (oidc-provider) is the realistic one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type TokenEndpointMode = 'ok' | 'error' | 'hang' | 'reset';
/** The revocation endpoint: answers, 503s, or holds the request open until the client gives up. */
export type RevokeEndpointMode = 'ok' | 'error' | 'hang';

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  patient: string;
}

export interface FakeHealthex {
  readonly issuer: string;
  tokenEndpoint: TokenEndpointMode;
  /** Runs when a token request arrives, before it is answered. */
  beforeToken: (() => Promise<void>) | null;
  /** Token value → the patient it was issued for, and whether it still works. */
  readonly tokens: Map<string, { patient: string; active: boolean }>;
  readonly tokenRequests: () => number;
  revokeEndpoint: RevokeEndpointMode;
  /** Every revocation request, answered or not; `confirmed` counts the ones answered 200, per token. */
  readonly revocations: { requests: number; confirmed: Map<string, number>; overlaps: number };
  /** Acts as the patient's browser: follows the authorization URL to the redirect back to us. */
  authorize(authorizationUrl: string, patient: string): Promise<URL>;
  close(): Promise<void>;
}

const random = () => randomBytes(24).toString('base64url');

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export async function startFakeHealthex(): Promise<FakeHealthex> {
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Map<string, string>(); // refresh token → patient (current ones only)
  const sockets = new Set<Socket>();
  const revoking = new Set<string>();
  let tokenRequests = 0;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', fake.issuer);
    if (req.method === 'GET' && url.pathname === '/.well-known/oauth-authorization-server') {
      return json(res, 200, {
        issuer: fake.issuer,
        authorization_endpoint: `${fake.issuer}/oauth/authorize`,
        token_endpoint: `${fake.issuer}/oauth/token`,
        revocation_endpoint: `${fake.issuer}/oauth/revoke`,
        registration_endpoint: `${fake.issuer}/oauth/register`,
        scopes_supported: ['patient/*.read', 'offline_access'],
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
        authorization_response_iss_parameter_supported: true,
      });
    }
    if (req.method === 'POST' && url.pathname === '/oauth/register') {
      await formOf(req); // the metadata is not checked here; the sandbox does that
      return json(res, 201, { client_id: `client-${random()}`, token_endpoint_auth_method: 'none', redirect_uris: [] });
    }
    if (req.method === 'GET' && url.pathname === '/oauth/authorize') {
      const q = url.searchParams;
      const redirectUri = q.get('redirect_uri')!;
      if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) return json(res, 400, { error: 'invalid_request' });
      const code = random();
      codes.set(code, { clientId: q.get('client_id')!, redirectUri, challenge: q.get('code_challenge')!, patient: q.get('fake_patient') ?? 'patient-unknown' });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state')!);
      back.searchParams.set('iss', fake.issuer);
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/oauth/token') {
      tokenRequests += 1;
      const form = await formOf(req);
      if (fake.beforeToken) await fake.beforeToken();
      if (fake.tokenEndpoint === 'hang') return; // never answers; the client's timeout must end it
      if (fake.tokenEndpoint === 'reset') return req.socket.resetAndDestroy();
      if (fake.tokenEndpoint === 'error') return json(res, 500, { error: 'server_error', error_description: 'token service down' });
      let patient: string | undefined;
      if (form.get('grant_type') === 'authorization_code') {
        const pending = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        if (!pending || pending.redirectUri !== form.get('redirect_uri') || createHash('sha256').update(verifier).digest('base64url') !== pending.challenge) {
          return json(res, 400, { error: 'invalid_grant' });
        }
        patient = pending.patient;
      } else if (form.get('grant_type') === 'refresh_token') {
        patient = refreshTokens.get(form.get('refresh_token') ?? '');
        refreshTokens.delete(form.get('refresh_token') ?? '');
        if (!patient) return json(res, 400, { error: 'invalid_grant' });
      } else {
        return json(res, 400, { error: 'unsupported_grant_type' });
      }
      const accessToken = random();
      const refreshToken = random();
      fake.tokens.set(accessToken, { patient, active: true });
      fake.tokens.set(refreshToken, { patient, active: true });
      refreshTokens.set(refreshToken, patient);
      return json(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, refresh_token: refreshToken, scope: 'patient/*.read offline_access' });
    }
    if (req.method === 'POST' && url.pathname === '/oauth/revoke') {
      const token = (await formOf(req)).get('token') ?? '';
      fake.revocations.requests += 1;
      // Two requests for one token at once would mean two senders: the outbox's lease forbids it.
      if (revoking.has(token)) fake.revocations.overlaps += 1;
      revoking.add(token);
      res.once('close', () => revoking.delete(token));
      if (fake.revokeEndpoint === 'hang') return;
      if (fake.revokeEndpoint === 'error') return json(res, 503, { error: 'temporarily_unavailable' });
      fake.revocations.confirmed.set(token, (fake.revocations.confirmed.get(token) ?? 0) + 1);
      const known = fake.tokens.get(token);
      if (known) known.active = false;
      refreshTokens.delete(token);
      res.writeHead(200);
      return res.end();
    }
    json(res, 404, { error: 'not_found' });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const fake: FakeHealthex = {
    issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokenEndpoint: 'ok',
    beforeToken: null,
    tokens: new Map(),
    tokenRequests: () => tokenRequests,
    revokeEndpoint: 'ok',
    revocations: { requests: 0, confirmed: new Map(), overlaps: 0 },
    async authorize(authorizationUrl, patient) {
      const url = new URL(authorizationUrl);
      url.searchParams.set('fake_patient', patient);
      const answer = await fetch(url, { redirect: 'manual' });
      const location = answer.headers.get('location');
      if (answer.status !== 302 || !location) throw new Error(`the fake HealthEx refused the authorization (${answer.status})`);
      return new URL(location);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
