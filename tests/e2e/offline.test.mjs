// End-to-end tests of the page without a network: the single-file build opened from
// file:// (no server at all), and the served site reloaded offline after a first visit
// (its service worker answers). Fails if any request leaves the local server or the file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ARTIFACTS, env, openPage, repo, useBrowser } from "./harness.mjs";

useBrowser();

test("the single-file build opens from file:// with no server, runs web-0 and plays a tour", async () => {
  const file = pathToFileURL(join(repo, "dist", "statefulset-playground.html")).href;
  const context = await env.browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  const elsewhere = [];
  const errors = [];
  page.on("request", (r) => !r.url().startsWith(file) && !/^(data|blob):/.test(r.url()) && elsewhere.push(r.url()));
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(file);
  await page.selectOption("#speed", "1600");
  await page.waitForSelector('g.pod.ready[data-pod="web-0"]', { timeout: 20000 });
  assert.match(await page.textContent('[data-pod="web-0"]'), /Running/);
  await page.selectOption("#tours", "dns");
  await page.waitForSelector('section.tour[data-tour="dns"]');
  assert.match(await page.textContent(".tour-narration"), /headless Service nginx/);
  await page.screenshot({ path: join(ARTIFACTS, "24-single-file.png") });
  assert.deepEqual(elsewhere, [], "the single file asks for nothing");
  assert.deepEqual(errors, []);
  await context.close();
});

test("after a first visit the served page reloads and takes a tour with the network gone", async () => {
  const { page, context, errors } = await openPage();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((ok) => navigator.serviceWorker.addEventListener("controllerchange", ok, { once: true }));
    }
  });
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('[data-pod="web-0"]');
  await page.selectOption("#tours", "identity");
  await page.waitForSelector('section.tour[data-tour="identity"]');
  const fromWorker = await page.evaluate(() => !!navigator.serviceWorker.controller);
  assert.ok(fromWorker, "the reload was answered by the service worker");
  assert.deepEqual(errors, []);
  await context.close();
});

test("no request left the local server", () => {
  assert.deepEqual(env.foreign, []);
});
