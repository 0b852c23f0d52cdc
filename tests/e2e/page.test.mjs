// End-to-end tests: the built page (dist/) served on 127.0.0.1 and driven in Debian's
// Chromium with playwright-core. Clicks, reads the DOM, saves screenshots under
// tests/e2e/artifacts/ (git-ignored), audits accessibility with axe-core, and fails if
// any request leaves the local server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { serveDir } from "./serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const require = createRequire(join(repo, "tools/package.json"));
const { chromium } = require("playwright-core");
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const ARTIFACTS = join(here, "artifacts");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

let server;
let browser;
const foreign = [];

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveDir(join(repo, "dist"));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page at the app, recording every request that is not to the local server. */
async function openPage({ colorScheme = "light" } = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith(server.origin + "/") && !url.startsWith("data:")) foreign.push(url);
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(server.origin + "/");
  await page.waitForSelector('[data-pod="web-0"]');
  return { page, context, errors };
}

const pod = (name) => `[data-pod="${name}"]`;
const readyPod = (name) => `g.pod.ready[data-pod="${name}"]`;

test("web-0 and web-1 come up in order, then scale up adds web-2", async () => {
  const { page, context, errors } = await openPage();
  await page.selectOption("#speed", "1600");
  // OrderedReady: web-1 must not exist until web-0 is Ready.
  for (let i = 0; i < 200; i++) {
    const state = await page.evaluate(() => ({
      web0Ready: !!document.querySelector('g.pod.ready[data-pod="web-0"]'),
      web1: !!document.querySelector('g.pod[data-pod="web-1"]'),
      web1Ready: !!document.querySelector('g.pod.ready[data-pod="web-1"]'),
    }));
    if (state.web1) assert.ok(state.web0Ready || state.web1Ready, "web-1 created before web-0 was Ready");
    if (state.web1Ready) break;
    await page.waitForTimeout(50);
  }
  await page.waitForSelector(readyPod("web-1"));
  await page.screenshot({ path: join(ARTIFACTS, "01-two-ready.png"), fullPage: true });

  await page.click("#scale-up");
  assert.equal((await page.textContent("#replicas")).trim(), "3");
  await page.waitForSelector(readyPod("web-2"), { timeout: 20000 });
  const dns = await page.textContent("section.dns");
  for (const n of [0, 1, 2]) assert.match(dns, new RegExp(`web-${n}\\.nginx\\.default\\.svc\\.cluster\\.local`));
  assert.equal(await page.locator("button.delete-pod").count(), 3);
  assert.match(await page.textContent(".notice"), /statefulset\.apps\/web scaled/);
  await page.screenshot({ path: join(ARTIFACTS, "02-scaled-to-3.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("a deleted pod returns with the same name and claim and a new IP", async () => {
  const { page, context, errors } = await openPage();
  await page.selectOption("#speed", "1600");
  await page.waitForSelector(readyPod("web-1"), { timeout: 20000 });
  const oldIp = (await page.textContent(`${pod("web-1")} .pod-ip`)).trim();
  const oldUid = await page.getAttribute(pod("web-1"), "data-uid");
  await page.selectOption("#speed", "100");
  await page.click('button.delete-pod[data-pod="web-1"]');
  await page.waitForSelector(`g.pod.terminating[data-pod="web-1"]`);
  await page.screenshot({ path: join(ARTIFACTS, "03-web-1-terminating.png"), fullPage: true });
  await page.selectOption("#speed", "1600");
  await page.waitForFunction(
    (uid) => {
      const g = document.querySelector('g.pod.ready[data-pod="web-1"]');
      return g && g.getAttribute("data-uid") !== uid;
    },
    oldUid,
    { timeout: 20000 },
  );
  const newIp = (await page.textContent(`${pod("web-1")} .pod-ip`)).trim();
  assert.notEqual(newIp, oldIp, "a re-created pod gets a new IP");
  assert.equal(await page.locator('[data-claim="www-web-1"]').count(), 1, "the same claim, still one");
  assert.match(await page.textContent('[data-identity="web-1"]'), new RegExp(`web-1\\.nginx → ${newIp.replaceAll(".", "\\.")}`));
  await page.screenshot({ path: join(ARTIFACTS, "04-web-1-back.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("scaling below zero shows the API server's error and the page keeps working", async () => {
  const { page, context, errors } = await openPage();
  for (let i = 0; i < 2; i++) await page.click("#scale-down");
  assert.equal((await page.textContent("#replicas")).trim(), "0");
  assert.ok(await page.isDisabled("#scale-down"), "the stepper stops at zero");
  await page.fill("#console-input", `kubectl patch sts web -p '{"spec":{"replicas":-1}}'`);
  await page.press("#console-input", "Enter");
  assert.match(await page.textContent(".notice.error"), /spec\.replicas: Invalid value: -1: must be greater than or equal to 0/);
  assert.match(await page.textContent(".console-log .error"), /The StatefulSet "web" is invalid/);
  assert.equal((await page.textContent("#replicas")).trim(), "0", "nothing changed");
  await page.click("#scale-up");
  assert.equal((await page.textContent("#replicas")).trim(), "1");
  assert.deepEqual(errors, []);
  await context.close();
});

test("play/pause stops the clock and step jumps to the next change", async () => {
  const { page, context } = await openPage();
  await page.click("#play");
  assert.equal(await page.getAttribute("#play", "aria-pressed"), "false");
  const t1 = await page.textContent(".clock");
  await page.waitForTimeout(400);
  assert.equal(await page.textContent(".clock"), t1, "paused: time stands still");
  await page.click("#step");
  assert.notEqual(await page.textContent(".clock"), t1, "step moves time to the next change");
  await context.close();
});

test("selecting a pod, an identity or the set shows the engine's reason in the Why? panel", async () => {
  const { page, context, errors } = await openPage();
  assert.match(await page.textContent(".why-text"), /^Select a pod/);
  // Right away web-1 does not exist: its identity says what OrderedReady waits for.
  await page.click("#play");
  await page.click('[data-identity="web-1"]');
  assert.equal(
    await page.textContent(".why-text"),
    "web-1 is not created yet: OrderedReady waits for web-0 to be Running and Ready.",
  );
  // The answer follows the pod as time passes.
  await page.click("#play");
  await page.selectOption("#speed", "1600");
  await page.waitForFunction(() => document.querySelector(".why-text")?.textContent.startsWith("web-1 is Running and Ready"), null, { timeout: 20000 });
  // Keyboard: focus web-0's card and press Enter.
  await page.focus('g.selectable:has([data-pod="web-0"])');
  await page.keyboard.press("Enter");
  assert.match(await page.textContent(".why-text"), /^web-0 is Running and Ready on node-\d with IP 10\.244\./);
  await page.click(".ask-set");
  assert.match(await page.textContent(".why-text"), /^web is settled: 2 of 2 Ready/);
  await page.screenshot({ path: join(ARTIFACTS, "06-why.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("failing web-1's node leaves it Terminating and never makes a second web-1; recovering brings it back", async () => {
  const { page, context, errors } = await openPage();
  await page.selectOption("#speed", "1600");
  await page.waitForSelector(readyPod("web-1"), { timeout: 20000 });
  await page.click("#play"); // pause: from here time moves by Step only
  await page.click('g.selectable:has([data-pod="web-1"])');
  const node = (await page.textContent(".why-text")).match(/on (node-\d)/)[1];
  await page.click(`[data-node="${node}"]`);
  assert.match(await page.textContent(".notice"), new RegExp(`^\\$ sim node fail ${node}`));
  // Step through the failure timeline: NotReady after 50 s, eviction after 300 s more.
  for (let i = 0; i < 60; i++) {
    if ((await page.textContent(".why-text")).includes("stuck Terminating")) break;
    await page.click("#step");
  }
  assert.match(await page.textContent(".why-text"), /^web-1 is stuck Terminating: node-\d is unreachable.*a StatefulSet never runs two web-1/);
  assert.equal(await page.locator('g.pod[data-pod="web-1"]').count(), 1, "at most one web-1");
  assert.equal(await page.locator('g.pod.terminating[data-pod="web-1"]').count(), 1);
  assert.match(await page.textContent(`[data-node="${node}"]`), /Recover/);
  await page.screenshot({ path: join(ARTIFACTS, "07-node-failed.png"), fullPage: true });
  await page.click(`[data-node="${node}"]`);
  await page.click("#play");
  await page.waitForSelector(readyPod("web-1"), { timeout: 20000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test("keyboard: Space plays and pauses, the right arrow steps, ? lists the shortcuts and Escape closes them", async () => {
  const { page, context, errors } = await openPage();
  await page.locator("h1").click(); // nothing focused that would take the keys itself
  await page.keyboard.press("Space");
  assert.match(await page.textContent("#play"), /Play/, "Space paused the clock");
  const t = await page.textContent(".clock");
  await page.keyboard.press("ArrowRight");
  assert.notEqual(await page.textContent(".clock"), t, "the right arrow stepped to the next change");
  await page.keyboard.press("?");
  await page.waitForSelector('[role="dialog"]');
  assert.match(await page.textContent('[role="dialog"]'), /Space\s*play or pause the clock/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "close-help", "the dialog takes the focus");
  await page.screenshot({ path: join(ARTIFACTS, "08-shortcuts.png"), fullPage: true });
  await page.keyboard.press("Escape");
  assert.equal(await page.locator('[role="dialog"]').count(), 0);
  await page.click("#help");
  await page.click("#close-help");
  assert.equal(await page.locator('[role="dialog"]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the page passes an axe-core accessibility audit, in light and dark themes", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context } = await openPage({ colorScheme });
    await page.selectOption("#speed", "1600");
    await page.waitForSelector(readyPod("web-1"), { timeout: 20000 });
    await page.click("#play");
    await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
    const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    assert.deepEqual(violations, [], `${colorScheme} theme`);
    await page.screenshot({ path: join(ARTIFACTS, `05-${colorScheme}.png`), fullPage: true });
    await context.close();
  }
});

test("no request left the local server", () => {
  assert.deepEqual(foreign, []);
});
