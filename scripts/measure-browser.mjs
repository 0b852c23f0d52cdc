// Browser timings of the built page (dist/) in Debian's headless Chromium: a benchmark,
// not a test (the machines are shared and noisy). Prints a Markdown table for the README.
//
//   bash scripts/trunk.sh build --release --offline && node scripts/measure-browser.mjs
//
// DIST=<folder> measures another build instead (an older commit built with
// `bash scripts/trunk.sh build --release --offline --dist <folder>`), for before-and-after tables from
// the same machine and hour.
//
// What it measures:
// - first pod drawn: navigation start to the first pod card in the DOM (median of 5 loads);
// - per tick while 100 pods (Parallel) scale up and roll to a new image at 16x: the main
//   thread's script + style + layout time per 100 ms clock tick (Chromium's Performance
//   metrics over the window, divided by the ticks), and the p95 interval between frames;
// - the same with 1,000 pods;
// - a seek: setting the scrub bar to a moment of a 10-minute session and the next frame
//   (median and worst of 20 seeks).
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { serveDir } from "../tests/e2e/serve.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(repo, "tools/package.json"));
const { chromium } = require("playwright-core");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

const server = await serveDir(process.env.DIST ?? join(repo, "dist"));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless=new", "--no-sandbox", "--disable-gpu"] });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const ms = (x) => `${x.toFixed(1)} ms`;

async function open() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector("[data-pod]")) {
        window.__firstPod = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(server.origin + "/");
  await page.waitForSelector("[data-pod]");
  return { context, page };
}

async function run(page, command) {
  await page.fill("#console-input", command);
  await page.press("#console-input", "Enter");
}

/** Script + style + layout seconds so far, from Chromium's Performance domain. */
async function busy(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  return get("ScriptDuration") + get("RecalcStyleDuration") + get("LayoutDuration");
}

/** Frame intervals (ms) over `seconds` of real time. */
async function frames(page, seconds) {
  return page.evaluate(
    (seconds) =>
      new Promise((done) => {
        const out = [];
        let last = performance.now();
        const end = last + seconds * 1000;
        const frame = (now) => {
          out.push(now - last);
          last = now;
          if (now < end) requestAnimationFrame(frame);
          else done(out);
        };
        requestAnimationFrame(frame);
      }),
    seconds,
  );
}

/** Per-tick work and frame p95 while `replicas` Parallel pods scale up and roll. */
async function underLoad(replicas, seconds) {
  const { context, page } = await open();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await run(page, "kubectl delete sts web");
  await run(page, "kubectl apply -f web-parallel.yaml");
  await page.selectOption("#speed", "1600");
  await run(page, `kubectl scale sts web --replicas=${replicas}`);
  const before = await busy(cdp);
  const started = Date.now();
  const intervals = frames(page, seconds / 2);
  await intervals;
  await run(page, "kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.8");
  const more = await frames(page, seconds / 2);
  const elapsed = (Date.now() - started) / 1000;
  const work = ((await busy(cdp)) - before) * 1000;
  const ticks = elapsed * 10;
  const pods = await page.locator("g.pod").count();
  await context.close();
  return { perTick: work / ticks, p95: p95([...(await intervals), ...more]), pods };
}

const firstPod = [];
for (let i = 0; i < 5; i++) {
  const { context, page } = await open();
  firstPod.push(await page.evaluate(() => window.__firstPod));
  await context.close();
}

const hundred = await underLoad(100, 10);
const thousand = await underLoad(1000, 10);

// Seeks in a 10-minute session (100 ms ticks at 16x for 37.5 s of real time would be
// slow to record; the console's `sim advance` records the same tape in steps).
const { context, page } = await open();
await page.click("#play");
await run(page, "kubectl scale sts web --replicas=5");
for (let i = 0; i < 60; i++) await run(page, "sim advance 10s");
const end = Number(await page.getAttribute("#scrub", "max"));
const seeks = [];
for (let i = 1; i <= 20; i++) {
  const at = Math.floor((end * ((i * 7) % 20)) / 20 / 100) * 100;
  seeks.push(
    await page.evaluate(
      (at) =>
        new Promise((done) => {
          const input = document.querySelector("#scrub");
          const start = performance.now();
          input.value = String(at);
          input.dispatchEvent(new InputEvent("input", { bubbles: true }));
          requestAnimationFrame(() => done(performance.now() - start));
        }),
      at,
    ),
  );
}
await context.close();

console.log(`| measurement (headless Chromium ${browser.version()}) | result |`);
console.log("|---|---:|");
console.log(`| navigation to the first pod drawn (median of 5) | ${ms(median(firstPod))} |`);
console.log(`| 100 pods scaling and rolling at 16x: main-thread work per tick | ${ms(hundred.perTick)} |`);
console.log(`| the same: p95 interval between frames | ${ms(hundred.p95)} |`);
console.log(`| 1,000 pods (${thousand.pods} drawn when measured): main-thread work per tick | ${ms(thousand.perTick)} |`);
console.log(`| the same: p95 interval between frames | ${ms(thousand.p95)} |`);
console.log(`| seek in a 10-minute session to the next frame (median / worst of 20) | ${ms(median(seeks))} / ${ms(Math.max(...seeks))} |`);

await browser.close();
await server.close();
