/**
 * The host back end's connect token for its signed-in user (server only: the signing secret never
 * reaches the browser). HS256 with the secret shared with the connect service.
 */
import { SignJWT } from 'jose';

export async function mintConnectToken(subject: string): Promise<string> {
  const secret = Buffer.from(process.env.HEALTHEX_CONNECT_SECRET ?? '', 'base64url');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(process.env.HEALTHEX_TOKEN_ISSUER ?? '')
    .setSubject(subject)
    .setAudience('healthex-connect')
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(secret);
}
