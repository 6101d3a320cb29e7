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
});
export type DemoSecrets = z.infer<typeof secretsSchema>;

export async function loadOrCreateDemoSecrets(file: string): Promise<DemoSecrets> {
  try {
    return secretsSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    const secrets: DemoSecrets = {
      encryptionKey: randomBytes(32).toString('base64'),
      salusIssuerSecret: randomBytes(32).toString('base64url'),
      partnerIssuerSecret: randomBytes(32).toString('base64url'),
    };
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}
