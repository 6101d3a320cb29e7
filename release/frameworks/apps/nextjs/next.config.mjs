import { fileURLToPath } from 'node:url';

// This app shares the node_modules of the folder two levels up with the other framework apps
// (the release tests' one install); an app with its own node_modules needs no `root` here.
const installRoot = fileURLToPath(new URL('../..', import.meta.url));

/** @type {import('next').NextConfig} */
export default {
  turbopack: { root: installRoot },
  outputFileTracingRoot: installRoot,
  // Nothing fetched from the network at build time (no next/font, no remote images).
  images: { unoptimized: true },
};
