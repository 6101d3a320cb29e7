/**
 * The directory holding this package's package.json, found by walking up from this module. The
 * same code runs from the sources (server/*.ts under tsx) and from the build (dist/server/*.js under
 * node), which sit at different depths; paths such as dist/widget are relative to the root in both.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
}
