/**
 * Build step after rollup (`npm run build:widget`): writes brotli (`.br`) and gzip (`.gz`) copies of
 * the script-tag file, its part loaded after the banner and its locale file, so the connect service serves them by content negotiation
 * without compressing on every request (server/http/widget-assets.ts). Kept out of
 * rollup.config.mjs on purpose: the bundle's plugins and this step change independently.
 * The SRI hash in manifest.json covers the decoded bytes, so it is untouched here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const OUT = 'widget/dist';
// Only what browsers fetch as is; the npm entry (index.js) goes through the host's bundler.
const FILES = ['healthex-connect.min.js', 'healthex-connect.page.min.js', 'healthex-connect.es.min.js'];

for (const file of FILES) {
  const body = readFileSync(`${OUT}/${file}`);
  const br = brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.byteLength } });
  const gz = gzipSync(body, { level: 9 });
  writeFileSync(`${OUT}/${file}.br`, br);
  writeFileSync(`${OUT}/${file}.gz`, gz);
  console.log(`precompressed ${OUT}/${file}: ${body.byteLength} B → br ${br.byteLength} B, gzip ${gz.byteLength} B`);
}
