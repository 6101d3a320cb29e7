/**
 * The repository stands on its own: no code comment or document points at a file that is not in
 * it (a sibling folder a clone does not have, a path on someone's machine, a file since removed),
 * and the documents people read do not speak in internal work-item numbers ("issue 15").
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TEXT_FILE = /\.(ts|tsx|mts|mjs|cjs|js|md|json|yml|yaml|sh)$|^\.ci\/run$|(^|\/)\.env\.example$/;
const SKIPPED = /^(package-lock\.json$|checks\/fixtures\/)|(^|\/)dist\//;

const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file !== '' && TEXT_FILE.test(file) && !SKIPPED.test(file) && existsSync(join(ROOT, file)));
const basenames = new Set(tracked.map((file) => basename(file)));

/** Names of documents and text files mentioned in prose: `docs/healthex-api.md`, `../bench/NOTES.md`, `SECURITY.md`. */
const MENTIONED_FILE = /(?<![\w/.-])((?:\.{1,2}\/)*[\w-][\w.-]*(?:\/[\w.-]+)*\.(?:md|txt))\b/g;
const URL_TEXT = /\b[a-z][a-z+.-]*:\/\/\S+|\b[\w-]+(?:\.[\w-]+)+\/\S*/gi;
const MACHINE_PATH = /(?<![\w.])(?:\/work\/|\/home\/|\/Users\/|~\/)[\w./-]+/g;

function resolves(file: string, mention: string): boolean {
  const candidates = mention.startsWith('.') ? [join(dirname(file), mention)] : [mention, join(dirname(file), mention)];
  for (const candidate of candidates) {
    const path = normalize(candidate);
    if (!relative(ROOT, join(ROOT, path)).startsWith('..') && !path.startsWith('..') && existsSync(join(ROOT, path))) return true;
  }
  return !mention.includes('/') && basenames.has(mention);
}

it('mentions only files that are in the repository', () => {
  const outside: string[] = [];
  for (const file of tracked) {
    const text = readFileSync(join(ROOT, file), 'utf8').replace(URL_TEXT, ' ');
    for (const [, mention] of text.matchAll(MENTIONED_FILE)) {
      if (!resolves(file, mention!)) outside.push(`${file}: ${mention}`);
    }
    for (const [path] of text.matchAll(MACHINE_PATH)) outside.push(`${file}: ${path}`);
  }
  expect(outside).toEqual([]);
});

it('speaks in no internal work-item numbers in its documents', () => {
  const numbered: string[] = [];
  for (const file of tracked.filter((name) => name.endsWith('.md'))) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (/\bissues? #?\d+\b|\(#\d+\)|\bwork items? #?\d+/i.test(line)) numbered.push(`${file}:${index + 1}: ${line.trim().slice(0, 80)}`);
    });
  }
  expect(numbered).toEqual([]);
});
