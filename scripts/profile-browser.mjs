// A CPU profile of the page in headless Chromium while `REPLICAS` Parallel pods (100 by
// default) scale up and roll at 16x: the functions that took the most self time, for
// finding where a tick goes. A tool, not a test.
//
//   DIST=<folder> node scripts/profile-browser.mjs
//
// For names in the profile, build the folder from the linked wasm with names kept
// (wasm-bindgen, then `wasm-opt -Oz -g`), and drop the `integrity` attributes.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { serveDir } from "../tests/e2e/serve.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(repo, "tools/package.json"));
const { chromium } = require("playwright-core");
const server = await serveDir(process.env.DIST ?? join(repo, "dist"));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu"],
});
const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
const page = await context.newPage();
await page.goto(server.origin + "/");
await page.waitForSelector("[data-pod]");
const run = async (command) => {
  await page.fill("#console-input", command);
  await page.press("#console-input", "Enter");
};
const cdp = await context.newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
await run("kubectl delete sts web");
await run("kubectl apply -f web-parallel.yaml");
await page.selectOption("#speed", "1600");
await run(`kubectl scale sts web --replicas=${process.env.REPLICAS ?? 100}`);
await cdp.send("Profiler.start");
await page.waitForTimeout(5000);
await run("kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.8");
await page.waitForTimeout(5000);
const { profile } = await cdp.send("Profiler.stop");
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas;
profile.samples.forEach((id, i) => {
  const f = byId.get(id).callFrame;
  const name = f.functionName || `(${f.url.split("/").pop()}:${f.lineNumber})`;
  self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
for (const [name, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 40))) {
  console.log(`${t.toFixed(1).padStart(8)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${name.slice(0, 140)}`);
}
await browser.close();
await server.close();
