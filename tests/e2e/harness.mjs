// What every end-to-end test file shares: the built page (dist/) served on 127.0.0.1,
// Debian's Chromium driven by playwright-core, a record of every request that does not go
// to the local server, and small helpers to open the page and type in its console.
import { before, after } from "node:test";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { serveDir } from "./serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, "../..");
const require = createRequire(join(repo, "tools/package.json"));
const { chromium } = require("playwright-core");
export const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const ARTIFACTS = join(here, "artifacts");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The server, the browser, and the requests that left the local server, once set up. */
export const env = { server: null, browser: null, foreign: [] };

/** Starts the server and the browser before the file's tests, and stops them after. */
export function useBrowser() {
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    env.server = await serveDir(join(repo, "dist"));
    env.browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
}

/** Records in `env.foreign` every request of `page` that is not to the local server. */
export function watchRequests(page) {
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith(env.server.origin + "/") && !url.startsWith("data:") && !url.startsWith("blob:")) {
      env.foreign.push(url);
    }
  });
}

/** A fresh page at `path` of the app, its errors collected, once `waitFor` is drawn. */
export async function openPage({ colorScheme = "light", path = "/", waitFor = '[data-pod="web-0"]', context } = {}) {
  context ??= await env.browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  watchRequests(page);
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(env.server.origin + path);
  if (waitFor) await page.waitForSelector(waitFor);
  return { page, context, errors };
}

/** Types a command in the console and runs it. */
export async function typeCommand(page, command) {
  await page.fill("#console-input", command);
  await page.press("#console-input", "Enter");
}
