// End-to-end tests: the built page (dist/) served on 127.0.0.1 and driven in Debian's
// Chromium with playwright-core. Clicks, reads the DOM, saves screenshots under
// tests/e2e/artifacts/ (git-ignored), audits accessibility with axe-core, and fails if
// any request leaves the local server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ARTIFACTS, AXE, env, openPage, typeCommand, useBrowser, watchRequests } from "./harness.mjs";

useBrowser();

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
  // The selected pod can be acted on right there.
  await page.click("#play");
  await page.click('.why-action[aria-label="Delete pod web-0"]');
  assert.match(await page.innerText(".console-log"), /\$ kubectl delete pod web-0\s+pod "web-0" deleted/);
  await page.click("#play");
  await page.waitForSelector(readyPod("web-0"), { timeout: 20000 });
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
  await page.click(`button.node-action[data-node="${node}"]`);
  assert.match(await page.textContent(".notice"), new RegExp(`^\\$ sim node fail ${node}`));
  // Step through the failure timeline: NotReady after 50 s, eviction after 300 s more.
  for (let i = 0; i < 60; i++) {
    if ((await page.textContent(".why-text")).includes("stuck Terminating")) break;
    await page.click("#step");
  }
  assert.match(await page.textContent(".why-text"), /^web-1 is stuck Terminating: node-\d is unreachable.*a StatefulSet never runs two web-1/);
  assert.equal(await page.locator('g.pod[data-pod="web-1"]').count(), 1, "at most one web-1");
  assert.equal(await page.locator('g.pod.terminating[data-pod="web-1"]').count(), 1);
  assert.match(await page.textContent(`button.node-action[data-node="${node}"]`), /Recover/);
  await page.screenshot({ path: join(ARTIFACTS, "07-node-failed.png"), fullPage: true });
  await page.click(`button.node-action[data-node="${node}"]`);
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

/** Steps (paused) until `selector` is in the page. */
async function stepUntil(page, selector, limit = 200) {
  for (let i = 0; i < limit; i++) {
    if (await page.locator(selector).count()) return;
    await page.click("#step");
  }
  throw new Error(`${selector} never appeared`);
}

test("the console: a typed delete does what the button does, lands on the timeline, with history and Tab completion", async () => {
  const { page, context, errors } = await openPage();
  await page.selectOption("#speed", "1600");
  await page.waitForSelector(readyPod("web-1"), { timeout: 20000 });
  await page.click("#play");
  const oldUid = await page.getAttribute(pod("web-1"), "data-uid");
  // Tab completes the verb, then the pod name.
  await page.fill("#console-input", "kubectl del");
  await page.press("#console-input", "Tab");
  assert.equal(await page.inputValue("#console-input"), "kubectl delete ");
  await page.type("#console-input", "pod web-");
  await page.press("#console-input", "Tab");
  assert.match(await page.textContent("#console-candidates"), /web-0\s+web-1/);
  await page.type("#console-input", "1");
  await page.press("#console-input", "Enter");
  assert.match(await page.innerText(".console-log"), /\$ kubectl delete pod web-1\s+pod "web-1" deleted/);
  assert.equal(await page.locator(".timeline .mark").count(), 2, "apply and delete are on the timeline");
  assert.match(await page.getAttribute(".timeline .mark >> nth=1", "title"), /^kubectl delete pod web-1 at /);
  await stepUntil(page, `g.pod.ready[data-pod="web-1"]:not([data-uid="${oldUid}"])`);
  await typeCommand(page, "kubectl get pods");
  assert.match(await page.innerText(".console-log"), /NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+web-0\s+1\/1\s+Running/);
  await typeCommand(page, "kubectl get pod web-9");
  assert.match(await page.textContent(".console-log .error"), /Error from server \(NotFound\): pods "web-9" not found/);
  // Up walks back through the history.
  await page.press("#console-input", "ArrowUp");
  assert.equal(await page.inputValue("#console-input"), "kubectl get pod web-9");
  await page.press("#console-input", "ArrowUp");
  assert.equal(await page.inputValue("#console-input"), "kubectl get pods");
  await page.screenshot({ path: join(ARTIFACTS, "09-console.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("the timeline: scrub back to see the past, act there to fork a new future, undo and redo", async () => {
  const { page, context, errors } = await openPage();
  await page.selectOption("#speed", "1600");
  await page.waitForSelector(readyPod("web-1"), { timeout: 20000 });
  await page.click("#scale-up");
  await page.waitForSelector(readyPod("web-2"), { timeout: 20000 });
  await page.click("#play");
  const end = Number(await page.getAttribute("#scrub", "max"));
  // Back to the moment before web-1 existed.
  await page.fill("#scrub", "2000");
  assert.equal(await page.locator(pod("web-1")).count(), 0, "at 0:02 there is no web-1 yet");
  assert.equal(await page.locator(pod("web-2")).count(), 0);
  assert.match(await page.textContent(".timeline .when"), /^0:02 \//);
  await page.screenshot({ path: join(ARTIFACTS, "10-scrubbed-back.png"), fullPage: true });
  // Forward again without acting: the recorded future comes back, web-2 included.
  await page.click("#latest");
  assert.equal(await page.locator(readyPod("web-2")).count(), 1);
  // Act in the past, before the scale to 3: that future is discarded.
  await page.fill("#scrub", "2000");
  await typeCommand(page, "kubectl scale sts web --replicas=1");
  assert.equal(Number(await page.getAttribute("#scrub", "max")), 2000, "the timeline now ends at the fork");
  assert.ok(Number(await page.getAttribute("#scrub", "max")) < end);
  const labels = await page.locator(".timeline .mark").evaluateAll((ms) => ms.map((m) => m.title));
  assert.ok(!labels.some((l) => l.includes("--replicas=3")), labels.join());
  assert.ok(labels.some((l) => l.startsWith("kubectl scale sts web --replicas=1 at 0:02")), labels.join());
  for (let i = 0; i < 10; i++) await page.click("#step");
  assert.equal(await page.locator(pod("web-1")).count(), 0, "in the new future web-1 is never created");
  // Undo goes back to before the scale to 1 (replicas 2, as at 0:02); redo does it again.
  await page.click("#undo");
  assert.match(await page.innerText(".console-log"), /Undone: kubectl scale sts web --replicas=1/);
  assert.equal((await page.textContent("#replicas")).trim(), "2");
  assert.match(await page.textContent(".timeline .when"), /^0:02 \//);
  await page.click("#redo");
  assert.equal((await page.textContent("#replicas")).trim(), "1");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a broken image stalls the rollout at web-1; rolling back and deleting the broken pod recovers", async () => {
  const { page, context, errors } = await openPage();
  await page.selectOption("#speed", "1600");
  await page.waitForSelector(readyPod("web-1"), { timeout: 20000 });
  await page.click("#play");
  await page.selectOption("#image", { label: "nginx-slim:0.9-crash (crashes on start)" });
  await page.click("#roll-out");
  const log = await page.innerText(".console-log");
  assert.match(log, /\$ sim image registry\.k8s\.io\/nginx-slim:0\.9-crash crash/);
  assert.match(log, /\$ kubectl set image sts\/web nginx=registry\.k8s\.io\/nginx-slim:0\.9-crash\s+statefulset\.apps\/web image updated/);
  // The highest ordinal goes first and never becomes Ready; web-0 keeps the old revision.
  for (let i = 0; i < 80; i++) {
    if (/CrashLoopBackOff/.test(await page.textContent(`${pod("web-1")} .pod-status`))) break;
    await page.click("#step");
  }
  assert.match(await page.textContent(`${pod("web-1")} .pod-status`), /CrashLoopBackOff/);
  assert.match(await page.textContent(`${pod("web-0")} .pod-rev`), /^old /, "web-0 waits for web-1");
  await page.click('g.selectable:has([data-pod="web-1"])');
  await page.screenshot({ path: join(ARTIFACTS, "11-broken-rollout.png"), fullPage: true });
  // Rolling back alone leaves the broken pod; deleting it lets the controller recreate it.
  await page.click("#roll-back");
  assert.match(await page.innerText(".console-log"), /statefulset\.apps\/web rolled back/);
  await page.click('button.delete-pod[data-pod="web-1"]');
  await page.click("#play");
  await page.waitForSelector(readyPod("web-1"), { timeout: 30000 });
  await page.waitForFunction(() => [...document.querySelectorAll(".pod-rev")].every((r) => r.textContent.startsWith("rev ")), null, { timeout: 30000 });
  assert.match(await page.textContent(".current-image"), /nginx-slim:0\.7$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("data written to web-1's volume is still there when web-1 comes back; claims and nodes have their controls", async () => {
  const { page, context, errors } = await openPage();
  await page.selectOption("#speed", "1600");
  await page.waitForSelector(readyPod("web-1"), { timeout: 20000 });
  await page.click("#play");
  await page.click('button.write-data[data-pod="web-1"]');
  assert.match(await page.textContent('[data-claim="www-web-1"]'), /\/index\.html = web-1/);
  const oldIp = (await page.textContent(`${pod("web-1")} .pod-ip`)).trim();
  await page.click('button.delete-pod[data-pod="web-1"]');
  await page.click("#play");
  await page.waitForFunction((ip) => {
    const g = document.querySelector('g.pod.ready[data-pod="web-1"] .pod-ip');
    return g && g.textContent.trim() !== ip;
  }, oldIp, { timeout: 30000 });
  await page.click("#play");
  assert.match(await page.textContent('[data-claim="www-web-1"]'), /\/index\.html = web-1/, "the data followed the identity");
  await typeCommand(page, "kubectl exec web-1 -- cat /usr/share/nginx/html/index.html");
  assert.match(await page.innerText(".console-log"), /\$ kubectl exec web-1 -- cat \/usr\/share\/nginx\/html\/index\.html\s+web-1/);
  // Cordon a node: it says so and the console shows kubectl's words.
  await page.click('button.node-cordon[data-node="node-3"]');
  assert.match(await page.innerText(".console-log"), /node\/node-3 cordoned/);
  assert.match(await page.textContent(".node-list"), /node-3\s*Ready, SchedulingDisabled/);
  // Scale down, then delete the kept claim.
  await page.fill("#replicas-input", "1");
  await page.press("#replicas-input", "Enter");
  assert.match(await page.innerText(".console-log"), /kubectl scale sts web --replicas=1/);
  for (let i = 0; i < 40 && (await page.locator(pod("web-1")).count()); i++) await page.click("#step");
  assert.equal(await page.locator('g.claim[data-claim="www-web-1"]').count(), 1, "whenScaled=Retain keeps the claim");
  await page.click('button.delete-claim[data-claim-name="www-web-1"]');
  assert.match(await page.innerText(".console-log"), /persistentvolumeclaim "www-web-1" deleted/);
  // Clicking an event selects the object it is about.
  const first = page.locator(".event-list button.event-select").first();
  const object = (await first.locator(".object").textContent()).split("/")[1];
  await first.click();
  assert.ok((await page.textContent(".why-text")).startsWith(object), `Why? explains ${object}`);
  assert.equal(await first.getAttribute("aria-pressed"), "true");
  assert.ok(await page.locator(".event.related").count() > 0);
  await page.screenshot({ path: join(ARTIFACTS, "12-data-and-controls.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("the manifest editor refuses an invalid manifest at its line and field, and applies a valid one", async () => {
  const { page, context, errors } = await openPage();
  await page.click("#play");
  const text = await page.inputValue("#yaml-text");
  const bad = text.replace("replicas: 2", "replicas: -3").replace("metadata:\n  name: web\nspec:", "metadata:\n  name: db\nspec:");
  await page.fill("#yaml-text", bad);
  await page.click("#yaml-apply");
  const line = bad.split("\n").findIndex((l) => l.includes("replicas: -3")) + 1;
  assert.equal(
    await page.textContent("#yaml-error"),
    `Not applied — line ${line}, spec.replicas: The StatefulSet "db" is invalid: spec.replicas: Invalid value: -3: must be greater than or equal to 0`,
  );
  assert.equal((await page.textContent(".gutter .bad-line")).trim(), String(line));
  assert.equal(await page.locator(".timeline .mark").count(), 1, "nothing applied");
  await page.screenshot({ path: join(ARTIFACTS, "13-yaml-error.png"), fullPage: true });
  await page.fill("#yaml-text", bad.replace("replicas: -3", "replicas: 1"));
  await page.click("#yaml-apply");
  assert.equal(await page.locator("#yaml-error").count(), 0);
  assert.match(await page.innerText(".console-log"), /\$ kubectl apply -f -\s+service\/nginx unchanged\s+statefulset\.apps\/db created/);
  // Every bundled manifest loads and applies unchanged.
  for (const name of ["web-deployment.yaml", "mysql-configmap.yaml", "mysql-services.yaml", "mysql-statefulset.yaml"]) {
    await page.selectOption("#yaml-load", name);
    await page.click("#yaml-apply");
    assert.equal(await page.locator("#yaml-error").count(), 0, name);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("a Deployment beside the set: its deleted pod comes back under a new name, with no claim", async () => {
  const { page, context, errors } = await openPage();
  await page.selectOption("#speed", "1600");
  await page.click("#add-deployment");
  assert.match(await page.innerText(".console-log"), /\$ kubectl apply -f web-deployment\.yaml\s+deployment\.apps\/web-stateless created/);
  await page.waitForFunction(() => document.querySelectorAll("li.stateless-pod.ready").length === 3, null, { timeout: 20000 });
  const before = await page.locator("li.stateless-pod").evaluateAll((ps) => ps.map((p) => p.dataset.pod));
  for (const name of before) assert.match(name, /^web-stateless-[0-9a-f]+-[a-z0-9]{5}$/);
  await page.click("#play");
  await page.click(`li.stateless-pod[data-pod="${before[0]}"] button`);
  await page.click("#play");
  await page.waitForFunction((gone) => {
    const ready = [...document.querySelectorAll("li.stateless-pod.ready")].map((p) => p.dataset.pod);
    return ready.length === 3 && !ready.includes(gone);
  }, before[0], { timeout: 20000 });
  const after = await page.locator("li.stateless-pod").evaluateAll((ps) => ps.map((p) => p.dataset.pod));
  assert.ok(after.some((n) => !before.includes(n)), "the replacement has a new name");
  assert.equal(await page.locator('g.claim[data-claim^="www-web-stateless"]').count(), 0, "no claims of its own");
  await page.screenshot({ path: join(ARTIFACTS, "15-deployment-beside.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("at phone width the page fits the screen without sideways scrolling", async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  watchRequests(page);
  await page.goto(env.server.origin + "/");
  await page.waitForSelector('[data-pod="web-0"]');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await page.screenshot({ path: join(ARTIFACTS, "14-phone.png"), fullPage: true });
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

test("a trap in the page's wasm shows the crash overlay, and Start again gives a working page", async () => {
  const { page, context, errors } = await openPage();
  // The page is built with panic=immediate-abort: a panic is a wasm trap, which reaches the
  // page as an uncaught WebAssembly.RuntimeError. Throw one the same way (from a task the
  // page did not catch) and check that index.html's script shows the overlay.
  // An ordinary script error is not a crash of the simulation: no overlay for it.
  await page.evaluate(() => setTimeout(() => { throw new Error("not the simulation"); }));
  await page.waitForTimeout(200);
  assert.equal(await page.locator("#crash").count(), 0);
  await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError("unreachable"); }));
  await page.waitForSelector("#crash[role=alertdialog]");
  assert.match(await page.textContent("#crash"), /The playground stopped[\s\S]*RuntimeError: unreachable/);
  await page.screenshot({ path: join(ARTIFACTS, "15-crash-overlay.png"), fullPage: true });
  await Promise.all([page.waitForNavigation(), page.click("#crash-reload")]);
  await page.waitForSelector('[data-pod="web-0"]');
  assert.equal(await page.locator("#crash").count(), 0);
  assert.ok(errors.every((e) => /RuntimeError: unreachable|not the simulation/.test(e)), errors.join("\n"));
  await context.close();
});

test("no request left the local server", () => {
  assert.deepEqual(env.foreign, []);
});
