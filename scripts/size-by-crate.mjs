// What each crate costs in the page: the code of the wasm that `trunk build --release`
// links (before wasm-bindgen and wasm-opt, so function names are still there), grouped
// by the crate each function belongs to, with each crate's share applied to the gzipped
// wasm of dist/. An estimate: wasm-opt shrinks crates unevenly and gzip compresses them
// unevenly, but the order and the rough share hold.
//
//   bash scripts/trunk.sh build --release --offline && node scripts/size-by-crate.mjs
//
// Needs `twiggy` (cargo install twiggy); not part of the test command. SHOW_OTHER=1 also
// lists the largest symbols no crate could be told for.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { measure } from "./size-report.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const wasm = join(repo, "target/wasm32-unknown-unknown/web/sts-playground.wasm");
const csv = execFileSync("twiggy", ["top", "--format", "csv", "-n", "10000000", wasm], { encoding: "utf8", maxBuffer: 1 << 28 });

/** The crate a symbol belongs to: the first path segment in its name. */
function crateOf(name) {
  if (name.startsWith("custom section") || name.includes("function names") || name.includes("subsection")) return null;
  // wasm-bindgen runs these at build time and removes them from the page.
  if (name.includes("__wbindgen_describe")) return null;
  if (name.startsWith("data segment")) return "(data: strings and tables)";
  // `core[c5930c85a12de822]::fmt::write`, `<f64 as core[…]::str::FromStr>::from_str`: the
  // first path's crate, hashes dropped.
  const n = name.replace(/\[[0-9a-f]+\]/g, "");
  const m = n.match(/([A-Za-z_][A-Za-z0-9_]*)::/);
  if (!m) return "(other: glue, imports, tables)";
  const head = m[1];
  if (["core", "alloc", "std"].includes(head)) return "Rust core, alloc, std";
  return head;
}

const totals = new Map();
const others = [];
let code = 0;
for (const line of csv.split("\n").slice(1)) {
  if (!line.trim()) continue;
  const fields = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((f) => f.replace(/,$/, ""));
  const name = fields[0].replace(/^"|"$/g, "").replaceAll('""', '"');
  const size = Number(fields[1]);
  const crate = crateOf(name);
  if (!crate || !Number.isFinite(size)) continue;
  totals.set(crate, (totals.get(crate) ?? 0) + size);
  if (process.env.SHOW_OTHER && crate.startsWith("(other")) others.push([size, name]);
  code += size;
}

if (process.env.SHOW_OTHER) console.log(others.sort((a, b) => b[0] - a[0]).slice(0, 20));
const { files } = measure(join(repo, "dist"));
const gz = files.find((f) => f.name.endsWith(".wasm"))?.gzip ?? 0;
const rows = [...totals].sort((a, b) => b[1] - a[1]);
console.log("| crate | share of the wasm's code | ≈ gzipped KiB |");
console.log("|---|---:|---:|");
let rest = 0;
for (const [crate, size] of rows) {
  const share = size / code;
  if (share < 0.005) {
    rest += size;
    continue;
  }
  console.log(`| ${crate} | ${(share * 100).toFixed(1)}% | ${((share * gz) / 1024).toFixed(1)} |`);
}
console.log(`| the rest (each under 0.5%) | ${((rest / code) * 100).toFixed(1)}% | ${((rest / code) * gz / 1024).toFixed(1)} |`);
