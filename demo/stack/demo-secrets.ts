/**
 * Local-only secrets for the demo: the token encryption key and the demo host back ends' connect
 * token secrets. Generated on first start and kept in .demo-data/ (git-ignored) so a restart against
 * a persistent MONGODB_URI can still open what it stored. Never used outside the demo.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

const secretsSchema = z.object({
  encryptionKey: z.string(),
  salusIssuerSecret: z.string(),
  partnerIssuerSecret: z.string(),
  /** The Salus demo site's service credential for the connect service's back-end API. */
  salusServiceSecret: z.string().optional(),
  /** The partner demo site's own service credential: a credential acts only for its own site's users. */
  partnerServiceSecret: z.string().optional(),
});
export type DemoSecrets = Required<z.infer<typeof secretsSchema>>;

export async function loadOrCreateDemoSecrets(file: string): Promise<DemoSecrets> {
  try {
    const stored = secretsSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    if (stored.salusServiceSecret !== undefined && stored.partnerServiceSecret !== undefined) {
      return { ...stored, salusServiceSecret: stored.salusServiceSecret, partnerServiceSecret: stored.partnerServiceSecret };
    }
    // Written by an older demo: keep its keys (stored tokens stay readable), add what is new.
    const upgraded = {
      ...stored,
      salusServiceSecret: stored.salusServiceSecret ?? randomBytes(32).toString('base64url'),
      partnerServiceSecret: stored.partnerServiceSecret ?? randomBytes(32).toString('base64url'),
    };
    await writeFile(file, JSON.stringify(upgraded, null, 2), { mode: 0o600 });
    return upgraded;
  } catch {
    const secrets: DemoSecrets = {
      encryptionKey: randomBytes(32).toString('base64'),
      salusIssuerSecret: randomBytes(32).toString('base64url'),
      partnerIssuerSecret: randomBytes(32).toString('base64url'),
      salusServiceSecret: randomBytes(32).toString('base64url'),
      partnerServiceSecret: randomBytes(32).toString('base64url'),
    };
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}
