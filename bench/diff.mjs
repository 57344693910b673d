// What a deploy of bundle NEW uploads and deletes, given the bundle OLD already deployed:
// files (and bytes) added, changed (same path, other bytes) and deleted, against NEW's totals.
//
//   node bench/diff.mjs OLD NEW [--json] [--by-kind]
//
// `--by-kind` also prints the files uploaded and deleted of each kind (the folder, and for the
// search index the extension: `s/.bin` shards, `s/.pos` position files, `s/.keys` key blocks).
// Scratch and cache folders (names starting with a dot) are not part of a deploy and are left
// out; `.folio-bundle` is counted, as a deploy of the folder would upload it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

function files(root) {
  const out = new Map();
  const walk = (dir, rel) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!e.name.startsWith(".")) walk(join(dir, e.name), path);
      } else if (e.isFile()) out.set(path, statSync(join(dir, e.name)).size);
    }
  };
  walk(root, "");
  return out;
}

const [oldDir, newDir] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const before = files(oldDir);
const after = files(newDir);
const kind = (path) => {
  const top = path.includes("/") ? path.slice(0, path.indexOf("/")) : path;
  return top === "s" ? `s/${path.slice(path.lastIndexOf("."))}` : top;
};
const kinds = new Map();
const count = (path, what) => {
  const k = kinds.get(kind(path)) ?? { uploaded: 0, deleted: 0 };
  k[what]++;
  kinds.set(kind(path), k);
};
const d = { files: after.size, bytes: 0, added: 0, addedBytes: 0, changed: 0, changedBytes: 0, deleted: 0, deletedBytes: 0 };
for (const [path, size] of after) {
  d.bytes += size;
  if (!before.has(path)) {
    d.added++;
    d.addedBytes += size;
    count(path, "uploaded");
  } else if (before.get(path) !== size || !readFileSync(join(oldDir, path)).equals(readFileSync(join(newDir, path)))) {
    d.changed++;
    d.changedBytes += size;
    count(path, "uploaded");
  }
}
for (const [path, size] of before) {
  if (!after.has(path)) {
    d.deleted++;
    d.deletedBytes += size;
    count(path, "deleted");
  }
}
d.uploadFiles = d.added + d.changed;
d.uploadBytes = d.addedBytes + d.changedBytes;
d.filesPct = (100 * (d.uploadFiles + d.deleted)) / d.files;
d.bytesPct = (100 * d.uploadBytes) / d.bytes;
if (process.argv.includes("--json")) {
  console.log(JSON.stringify(d));
} else {
  const pct = (x) => x.toFixed(2) + "%";
  console.log(
    `${d.uploadFiles} files uploaded (${d.added} new, ${d.changed} changed), ${d.deleted} deleted, of ${d.files} ` +
      `(${pct(d.filesPct)}); ${d.uploadBytes} bytes uploaded of ${d.bytes} (${pct(d.bytesPct)})`,
  );
  if (process.argv.includes("--by-kind")) {
    const line = [...kinds].sort().map(([k, n]) => `${k} ${n.uploaded}/${n.deleted}`);
    console.log(`by kind, uploaded/deleted: ${line.join(", ")}`);
  }
}
