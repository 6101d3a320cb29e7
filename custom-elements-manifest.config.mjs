/** Custom Elements Manifest for <healthex-connect>, generated from the source by `npm run build:widget`. */
export default {
  globs: ['widget/healthex-connect.ts', 'widget/define.ts'],
  exclude: ['widget/**/*.test.ts', 'widget/testing/**'],
  outdir: 'dist/widget',
  litelement: true,
  packagejson: false,
};
