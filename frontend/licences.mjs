// Writes the licence texts of the packages bundled into the newsroom's
// browser code (the lock file's non-dev packages), sorted by name, to the
// file named by the second argument.
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const [dir, outFile] = process.argv.slice(2);
const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8"));
const parts = [];
for (const [path, info] of Object.entries(lock.packages).sort(([a], [b]) => (a < b ? -1 : 1))) {
  if (!path || info.dev) { continue; }
  const full = join(dir, path);
  const file = readdirSync(full).find((f) => /^(licen[cs]e|copying)/i.test(f));
  const text = file ? readFileSync(join(full, file), "utf8").trim() : `License: ${info.license || "see package"}`;
  parts.push(`${path.replace(/^.*node_modules\//, "")}@${info.version} (${info.license || "?"})\n\n${text}\n`);
}
writeFileSync(outFile, parts.join("\n" + "-".repeat(72) + "\n\n"));
