/**
 * The README's framework snippets are the framework apps' files, verbatim: `npm run
 * test:frameworks` builds and runs those apps against the packed package, so what the README shows
 * is what was proven to type-check, build and connect.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../testkit/processes/service-process.js';

const SNIPPETS = [
  'react-vite/src/RecordsPage.tsx',
  'nextjs/app/page.tsx',
  'nextjs/app/records-panel.tsx',
  'vue/vite.config.ts',
  'vue/src/RecordsPage.vue',
  'svelte/src/RecordsPage.svelte',
  'angular/src/app/records-page.component.ts',
];

it.each(SNIPPETS)('README.md shows release/frameworks/apps/%s as it is', async (file) => {
  const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
  const source = (await readFile(join(REPO_ROOT, 'release/frameworks/apps', file), 'utf8')).trimEnd();
  expect(readme).toContain(`\n${source}\n\`\`\``);
});

it('README.md names each framework import the package exports', async () => {
  const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
  const { exports } = JSON.parse(await readFile(join(REPO_ROOT, 'widget/package.json'), 'utf8')) as { exports: Record<string, unknown> };
  for (const entry of ['./react', './react-jsx', './vue', './svelte']) {
    expect(Object.keys(exports)).toContain(entry);
    expect(readme).toContain(`\`healthex-connect/${entry.slice(2)}\``);
  }
});
