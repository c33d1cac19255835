/**
 * Stands in for the `proxy-agent` package in the Lambda bundles (esbuild `--alias`, see
 * `function-with-log-group.ts`). puppeteer-core's main entry imports @puppeteer/browsers, whose
 * download code imports proxy-agent, which brings PAC-script support (quickjs-emscripten, esprima,
 * ast-types, …: ~1 MB of the run function's bundle). The functions launch the Chromium they ship
 * and download nothing, so the agent is never built; if it were, this says why it failed.
 */
export class ProxyAgent {
  constructor() {
    throw new Error('proxy-agent is left out of the Lambda bundle: the functions download no browser');
  }
}
