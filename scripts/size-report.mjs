// Reports the gzipped size of every file of the built page (dist/) and the total.
// Usage: node scripts/size-report.mjs [DIST] [--budget-kib N]
// Exits 1 when a budget is given and the total exceeds it. The e2e size test uses
// measure() from here, so the report and the test can never disagree.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

/** The raw and gzipped (level 9) size of one file. */
function sizeOf(path, name) {
  const bytes = readFileSync(path);
  return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/**
 * The raw and gzipped (level 9) size of each file of the first load (`index.html` and
 * every file it names, largest first) and their total; and, apart, every other file of
 * `dist`: what the page loads only when asked (a tour's script) and what it never loads
 * (the embedding script and its demo, the single-file build).
 */
export function measure(dist) {
  const index = readFileSync(join(dist, "index.html"), "utf8");
  const all = readdirSync(dist, { recursive: true })
    .map(String)
    .filter((name) => statSync(join(dist, name)).isFile())
    .map((name) => sizeOf(join(dist, name), name))
    .sort((a, b) => b.gzip - a.gzip);
  const firstLoad = (f) => f.name === "index.html" || (!f.name.includes("/") && index.includes(f.name));
  const files = all.filter(firstLoad);
  const total = files.reduce((sum, f) => sum + f.gzip, 0);
  const onDemand = all.filter((f) => !firstLoad(f));
  return { files, total, onDemand };
}

const kib = (n) => (n / 1024).toFixed(1);

function main(argv) {
  const budgetAt = argv.indexOf("--budget-kib");
  const budget = budgetAt >= 0 ? Number(argv[budgetAt + 1]) : null;
  const dist = resolve(argv.find((a, i) => !a.startsWith("--") && (budgetAt < 0 || i !== budgetAt + 1)) ?? "dist");
  const { files, total, onDemand } = measure(dist);
  const row = (f) => console.log(`${f.name.padEnd(48)} ${kib(f.raw).padStart(9)} ${kib(f.gzip).padStart(9)}`);
  console.log(`${"first load".padEnd(48)} ${"raw KiB".padStart(9)} ${"gzip KiB".padStart(9)}`);
  files.forEach(row);
  console.log(`${"total".padEnd(48)} ${"".padStart(9)} ${kib(total).padStart(9)}  (${total} bytes)`);
  if (onDemand.length) {
    const extra = onDemand.reduce((sum, f) => sum + f.gzip, 0);
    console.log(`\n${"not part of the first load".padEnd(48)} ${"raw KiB".padStart(9)} ${"gzip KiB".padStart(9)}`);
    onDemand.forEach(row);
    console.log(`${"total".padEnd(48)} ${"".padStart(9)} ${kib(extra).padStart(9)}  (${onDemand.length} files)`);
  }
  if (budget !== null && total > budget * 1024) {
    console.error(`size: total ${kib(total)} KiB exceeds the budget of ${budget} KiB`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
