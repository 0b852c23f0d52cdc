// The size budget of the built page: the gzipped total of its first load (the files at the
// top of dist/) must stay within the budget; it moves down with every cut, never up.
// The figures come from the same measure() the size report prints.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { measure } from "../../scripts/size-report.mjs";

const BUDGET_KIB = 412;
const dist = join(resolve(dirname(fileURLToPath(import.meta.url)), "../.."), "dist");

test(`the built page is at most ${BUDGET_KIB} KiB gzipped`, () => {
  const { files, total } = measure(dist);
  assert.ok(files.some((f) => f.name.endsWith(".wasm")), "dist/ holds a release build");
  assert.ok(total <= BUDGET_KIB * 1024, `total ${(total / 1024).toFixed(1)} KiB exceeds ${BUDGET_KIB} KiB`);
});
