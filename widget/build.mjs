// Bundles src/index.js + socket.io-client into one self-contained file:
//   dist/hk-visa-widget.js  (IIFE, no run-time fetches, no CDN)
import * as esbuild from "esbuild";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url)));
const sioVersion = pkg.dependencies["socket.io-client"];

const options = {
  entryPoints: ["src/index.js"],
  outfile: "dist/hk-visa-widget.js",
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["es2019", "chrome80", "firefox78", "safari13"],
  minify: true,
  sourcemap: true,
  legalComments: "eof",
  define: {
    __WIDGET_VERSION__: JSON.stringify(pkg.version),
    __SIO_VERSION__: JSON.stringify(sioVersion),
  },
  banner: {
    js: `/* hk-visa-widget ${pkg.version} | bundles socket.io-client ${sioVersion} (MIT) */`,
  },
  logLevel: "info",
};

if (process.argv.includes("--watch")) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
