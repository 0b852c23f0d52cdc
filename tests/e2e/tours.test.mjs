// End-to-end tests of the guided tours, shared links, exported runs and the embed
// options: every tour played from its first step to free play in Chromium, a copied link
// and an exported file opened in a fresh page showing the same picture, and the address's
// options honoured. Fails if any request leaves the local server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS, AXE, env, openPage, repo, typeCommand, useBrowser } from "./harness.mjs";

useBrowser();

/** A tour file's steps as the page shows them: the narration and the object marked. */
function stepsOf(name) {
  const text = readFileSync(join(repo, "tours", `${name}.sts`), "utf8");
  return text
    .split("\n")
    .filter((line) => line.startsWith("sim say "))
    .map((line) => {
      const m = line.match(/^sim say (?:--highlight (\S+) )?"(.*)"$/);
      assert.ok(m, `a step the test can read: ${line}`);
      return { highlight: m[1], narration: m[2] };
    });
}

/** What each tour's end shows: a command typed in the console and a piece of its output. */
const ENDINGS = {
  stateless: ["kubectl get pvc www-web-1", "Bound"],
  identity: ["kubectl exec web-1 -- cat /usr/share/nginx/html/index.html", "web-1"],
  rescheduling: ["kubectl exec web-1 -- cat /usr/share/nginx/html/index.html", "web-1"],
  storage: ["kubectl exec web-2 -- cat /usr/share/nginx/html/index.html", "web-2"],
  replication: ["sim read mysql-3 greeting", "hello"],
  "no-pv": ["kubectl exec scratch-0 -- cat /usr/share/nginx/html/index.html", "No such file or directory"],
  "local-storage": ["kubectl get pod local-1 -o wide", "node-2"],
  ordering: ["kubectl get pod web-4", "Running"],
  dns: ["kubectl exec web-0 -- nslookup web-1.nginx", "Address 1: 10.244."],
  "forced-rollback": ["kubectl get pod web-1", "Running"],
  "node-failure": ["kubectl get pod web-1 -o wide", "Running"],
};

/** Whether the object a step highlights is marked in the picture (or, for the set, explained). */
function marked({ highlight }) {
  if (!highlight) return true;
  const [kind, name] = highlight.split("/");
  if (kind === "sts") return document.querySelector(".why-text")?.textContent.includes(name);
  if (kind === "pvc") return !!document.querySelector(`g.selectable.selected [data-claim="${name}"]`);
  return [...document.querySelectorAll("g.selectable.selected")].some((g) => g.textContent.includes(name));
}

const tours = readdirSync(join(repo, "tours")).filter((f) => f.endsWith(".sts")).map((f) => f.slice(0, -4)).sort();

test("there is an ending for every tour", () => {
  assert.deepEqual(Object.keys(ENDINGS).sort(), tours);
});

for (const name of tours) {
  test(`the ${name} tour plays from its first step to free play`, async () => {
    const steps = stepsOf(name);
    const { page, context, errors } = await openPage({ path: `/?tour=${name}&speed=16`, waitFor: ".tour-narration" });
    for (const [i, step] of steps.entries()) {
      await page.waitForSelector(`section.tour[data-step="${i + 1}"]`);
      assert.equal(await page.textContent(".tour-narration"), step.narration, `${name} step ${i + 1}`);
      assert.equal(await page.textContent(".tour-progress"), `Step ${i + 1} of ${steps.length}`);
      await page.waitForFunction(marked, step, { timeout: 20000 });
      if (i === 1) await page.screenshot({ path: join(ARTIFACTS, `tour-${name}.png`), fullPage: true });
      await page.click("#tour-next");
    }
    await page.waitForSelector("section.tour", { state: "detached" });
    assert.match(await page.textContent(".notice"), /Left the tour .*free play from here/);
    const [command, expected] = ENDINGS[name];
    await typeCommand(page, "sim settle");
    await typeCommand(page, command);
    const last = await page.locator(".console-log li.entry .output").first().textContent();
    assert.ok(last.includes(expected), `${name}: ${command} printed ${last}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("Back shows the previous step as it was, and Leave keeps the moment in free play", async () => {
  const { page, context, errors } = await openPage({ path: "/?tour=identity&autoplay=0", waitFor: ".tour-narration" });
  assert.ok(await page.isDisabled("#tour-back"), "nothing before the first step");
  const first = await page.innerHTML(".picture-panel svg");
  await page.click("#tour-next");
  await page.waitForSelector('section.tour[data-step="2"]');
  await page.click("#play"); // the tour plays; pause it to compare pictures
  await page.click("#tour-back");
  await page.waitForSelector('section.tour[data-step="1"]');
  await page.click("#play");
  assert.equal(await page.innerHTML(".picture-panel svg"), first);
  await page.addScriptTag({ content: AXE });
  const audit = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
  assert.deepEqual(audit.violations.map((v) => `${v.id}: ${v.help}`), [], "a tour step passes axe");
  await page.selectOption("#tours", "dns");
  await page.waitForSelector('section.tour[data-tour="dns"]');
  await page.click("#tour-leave");
  await page.waitForSelector("section.tour", { state: "detached" });
  assert.ok(await page.locator('[data-pod="web-0"]').count(), "free play keeps the tour's cluster");
  assert.deepEqual(errors, []);
  await context.close();
});

/** The picture and the clock, to compare two pages. */
async function moment(page) {
  return { picture: await page.innerHTML(".picture-panel svg"), clock: await page.textContent(".clock") };
}

test("a copied link opens exactly the same moment in a new page, and so does an exported file", async () => {
  const { page, context, errors } = await openPage();
  await page.selectOption("#speed", "1600");
  await page.waitForSelector('g.pod.ready[data-pod="web-1"]', { timeout: 20000 });
  await page.click('button.delete-pod[data-pod="web-1"]');
  await page.waitForTimeout(400);
  await page.click("#play");
  await page.click("#copy-link");
  const link = await page.inputValue("#share-link");
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#run=[A-Za-z0-9+$-]+$/);
  assert.match(await page.textContent(".notice"), /Link copied/);
  const before = await moment(page);

  const opened = await openPage({ path: link.slice(env.server.origin.length) });
  await opened.page.waitForSelector(".notice");
  assert.match(await opened.page.textContent(".notice"), /Opened the shared run at/);
  assert.deepEqual(await moment(opened.page), before, "the link shows the same picture");
  await opened.page.screenshot({ path: join(ARTIFACTS, "20-opened-link.png"), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-run")]);
  assert.equal(download.suggestedFilename(), "statefulset-run.sts");
  const file = await download.path();
  assert.match(readFileSync(file, "utf8"), /^# StatefulSet Playground run, format 1\n/);
  const imported = await openPage();
  await imported.page.setInputFiles("#import-run", file);
  await imported.page.waitForFunction(() => document.querySelector(".notice")?.textContent.includes("Opened the shared run"));
  assert.deepEqual(await moment(imported.page), before, "the imported file shows the same picture");

  // An opened run is paused, so the moment stays put while the bad file is refused (a
  // playing clock moved on a loaded machine and made this comparison race).
  const kept = await moment(imported.page);
  await imported.page.setInputFiles("#import-run", { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await imported.page.waitForSelector(".notice.error");
  assert.match(await imported.page.textContent(".notice.error"), /Could not open the run: this is not a StatefulSet Playground run/);
  assert.deepEqual(await moment(imported.page), kept, "a bad file keeps the run");
  for (const p of [page, opened.page, imported.page]) assert.ok(p);
  assert.deepEqual([...errors, ...opened.errors, ...imported.errors], []);
  await Promise.all([context.close(), opened.context.close(), imported.context.close()]);
});

test("a damaged or foreign link starts fresh with a message", async () => {
  const { page, context, errors } = await openPage({ path: "/#run=NoIdea" });
  await page.waitForSelector(".notice.error");
  assert.match(await page.textContent(".notice.error"), /Could not open the link: the link's run is damaged/);
  const other = await openPage({ path: "/?tour=nope&zoom=2", context });
  await other.page.waitForSelector(".console-log .error");
  const log = await other.page.textContent(".console-log");
  assert.match(log, /There is no tour "nope" to load; the tours are stateless, identity/);
  assert.match(log, /Ignored in the address: unknown option "zoom"/);
  assert.deepEqual([...errors, ...other.errors], []);
  await context.close();
});

test("embed options: minimal controls, a forced dark theme and chosen panels; controls=none shows the picture alone", async () => {
  const { page, context, errors } = await openPage({ path: "/?controls=minimal&theme=dark&panels=dns,why" });
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  assert.equal(await page.locator("#console-input").count(), 0, "no console");
  assert.equal(await page.locator("#scale-up").count(), 0, "no Act panel");
  assert.equal(await page.locator("#copy-link").count(), 0, "no sharing");
  assert.equal(await page.locator("section.dns").count(), 1);
  assert.equal(await page.locator("section.events").count(), 0);
  assert.equal(await page.locator("#play").count(), 1, "time controls stay");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, "rgb(15, 20, 27)", "dark colours although the system is light");
  await page.screenshot({ path: join(ARTIFACTS, "21-embed-minimal-dark.png"), fullPage: true });
  const bare = await openPage({ path: "/?controls=none&tour=dns", context, waitFor: ".tour-narration" });
  assert.equal(await bare.page.locator("header.top").count(), 0);
  assert.equal(await bare.page.locator("#tour-next").count(), 1, "a tour can still be followed");
  await bare.page.screenshot({ path: join(ARTIFACTS, "22-embed-none-tour.png"), fullPage: true });
  assert.deepEqual([...errors, ...bare.errors], []);
  await context.close();
});

test("embed.html: three playgrounds on one page, each driven on its own through its element", async () => {
  const { page, context, errors } = await openPage({ path: "/embed.html", waitFor: "#third" });
  const frame = (id) => page.frameLocator(`#${id} iframe`);
  await frame("first").locator(".tour-narration").waitFor();
  await frame("second").locator('[data-pod="web-0"]').waitFor();
  await frame("third").locator('[data-pod="web-0"]').waitFor();
  const heightOf = (id) => page.evaluate((id) => parseInt(document.getElementById(id).shadowRoot.querySelector("iframe").style.height), id);
  await page.waitForFunction(() => parseInt(document.getElementById("first").shadowRoot.querySelector("iframe").style.height) !== 600);
  assert.ok((await heightOf("first")) > 400, "height=auto follows the page's own height");
  assert.equal(await heightOf("second"), 700, "a fixed height stays");

  const out = await page.evaluate(() => document.getElementById("third").run("kubectl scale sts web --replicas=3"));
  assert.equal(out.output.trim(), "statefulset.apps/web scaled");
  assert.equal(out.error, false);
  await frame("third").locator('[data-pod="web-2"]').waitFor({ timeout: 20000 });
  assert.equal(await frame("second").locator('[data-pod="web-2"]').count(), 0, "the other playgrounds are untouched");
  assert.equal(await frame("first").locator('[data-pod="web-2"]').count(), 0);
  await page.waitForFunction(() => document.querySelectorAll("#third-events li").length > 0);
  assert.match(await page.textContent("#third-events"), /SuccessfulCreate statefulset\/web/);

  const first = await page.evaluate(() => document.getElementById("first").run("kubectl get sts web"));
  assert.match(first.output, /^NAME\s+READY\s+AGE\nweb\s+\d\/2/);
  const refused = await page.evaluate(() => document.getElementById("second").run("kubectl get pod web-9"));
  assert.equal(refused.error, true);
  assert.match(refused.output, /pods "web-9" not found/);

  await page.click("#third-delete");
  await page.waitForFunction(() => document.getElementById("third-output").textContent.includes('pod "web-1" deleted'));
  await page.click("#third-rewind");
  await frame("third").locator('[data-pod="web-2"]').waitFor({ state: "detached" });
  await page.screenshot({ path: join(ARTIFACTS, "23-embed-page.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("no request left the local server", () => {
  assert.deepEqual(env.foreign, []);
});
