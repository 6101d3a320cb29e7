/**
 * The root README's token-minting snippet ("Minting a connect token"), as written: taken from the
 * README's text (so the two cannot drift), run in Node with the README's issuer configured on a real
 * connect service, and the token it mints is accepted for a status read from the issuer's page origin.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appCodeOf, startTestStack, TEST_ISSUER, TEST_ORIGIN, type TestStack } from '../../testkit/stack/test-stack.js';

const README = new URL('../../README.md', import.meta.url);
/** Inside the repository, so the snippet's `import … from 'jose'` resolves to the repository's jose. */
const SCRATCH = fileURLToPath(new URL('../../test-artifacts/readme-snippets/', import.meta.url));

async function mintingSnippet(): Promise<string> {
  const markdown = await readFile(README, 'utf8');
  const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!).filter((block) => block.includes('new SignJWT'));
  expect(blocks, 'one ts block in README.md mints a token').toHaveLength(1);
  return blocks[0]!;
}

let stack: TestStack;
const README_ISSUER = 'https://salusai.demo';
beforeAll(async () => {
  const secret = new Uint8Array(32).map((_, i) => (i * 37 + 11) % 256);
  // The README's issuer beside the stack's own (its back-end credential names that one).
  const issuers = [README_ISSUER, TEST_ISSUER].map((issuer, i) => ({ issuer, secret: Buffer.from(secret.map((byte) => byte ^ i)).toString('base64url'), allowedOrigins: [TEST_ORIGIN] }));
  stack = await startTestStack({ env: { CONNECT_TOKEN_ISSUERS: JSON.stringify(issuers) } });
  (globalThis as { readmeIssuerSecret?: Uint8Array }).readmeIssuerSecret = secret;
});
afterAll(() => stack?.close());

/** Runs the snippet as a module: `issuerSecret` is the one name it leaves to the host; it exports its `token`. */
async function runSnippet(snippet: string): Promise<string> {
  await mkdir(SCRATCH, { recursive: true });
  const file = `${SCRATCH}mint-connect-token-${Date.now()}.mjs`;
  await writeFile(file, `const issuerSecret = globalThis.readmeIssuerSecret;\n${snippet}\nexport { token };\n`);
  const { token } = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { token: string };
  return token;
}

describe('README: minting a connect token (the host back end)', () => {
  it('the snippet, as written, mints a token the connect service accepts', async () => {
    const token = await runSnippet(await mintingSnippet());
    expect(token.split('.')).toHaveLength(3);
    const status = await stack.api(token).connection.status.query();
    expect(status.state).toBe('not_connected');
  });

  it('the service still refuses that token from a page origin the issuer does not list', async () => {
    const token = await runSnippet(await mintingSnippet());
    expect(await appCodeOf(stack.api(token, 'https://elsewhere.example').connection.status.query())).toBe('ORIGIN_NOT_ALLOWED');
  });
});
