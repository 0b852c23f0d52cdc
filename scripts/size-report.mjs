// Reports the gzipped size of every file of the built page (dist/) and the total.
// Usage: node scripts/size-report.mjs [DIST] [--budget-kib N]
// Exits 1 when a budget is given and the total exceeds it. The e2e size test uses
// measure() from here, so the report and the test can never disagree.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

/** The raw and gzipped (level 9) size of each file in `dist`, largest first. */
export function measure(dist) {
  const files = readdirSync(dist)
    .filter((name) => statSync(join(dist, name)).isFile())
    .map((name) => {
      const bytes = readFileSync(join(dist, name));
      return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
  const total = files.reduce((sum, f) => sum + f.gzip, 0);
  return { files, total };
}

const kib = (n) => (n / 1024).toFixed(1);

function main(argv) {
  const budgetAt = argv.indexOf("--budget-kib");
  const budget = budgetAt >= 0 ? Number(argv[budgetAt + 1]) : null;
  const dist = resolve(argv.find((a, i) => !a.startsWith("--") && i !== budgetAt + 1) ?? "dist");
  const { files, total } = measure(dist);
  console.log(`${"file".padEnd(48)} ${"raw KiB".padStart(9)} ${"gzip KiB".padStart(9)}`);
  for (const f of files) {
    console.log(`${f.name.padEnd(48)} ${kib(f.raw).padStart(9)} ${kib(f.gzip).padStart(9)}`);
  }
  console.log(`${"total".padEnd(48)} ${"".padStart(9)} ${kib(total).padStart(9)}  (${total} bytes)`);
  if (budget !== null && total > budget * 1024) {
    console.error(`size: total ${kib(total)} KiB exceeds the budget of ${budget} KiB`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
