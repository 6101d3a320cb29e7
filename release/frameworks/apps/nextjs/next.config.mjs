/** @type {import('next').NextConfig} */
export default {
  // No fonts, images or telemetry from the network: the test machine has no internet.
  images: { unoptimized: true },
};
