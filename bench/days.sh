#!/usr/bin/env bash
# Deploy deltas over consecutive days (not a test): what each day's rebuild uploads when an
# archive grows by 1% a day, and what the first search then reads.
#
#   bench/days.sh [N] [DAYS]        (default N = 100000, DAYS = 12)
#
# `folio gen --count N --seed 1` writes a corpus and `folio bundle --cache` bundles it. Then,
# each day, N/100 articles newer than all others (../shared/tools/grow.py, seeded by the day;
# day d's dated through day d of 2030, so that every day's articles are newer than the day before's)
# are added and the bundle is rebuilt incrementally in the same folder. For each day it prints
# the deploy delta against the previous day's bundle (bench/diff.mjs), the incremental build's
# wall time, the search segments (articles in each) and what `folio search` reads for two
# queries. Everything lives under $BENCH_TMP (default /tmp) and is deleted unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
DAYS=${2:-12}
TMP=${BENCH_TMP:-/tmp}
WORK=$(mktemp -d "$TMP/folio-days-XXXXXX")
FOLIO=${FOLIO:-target/bundler/folio}
GROW=../shared/tools/grow.py
cleanup() { [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT
[ -n "${FOLIO_PREBUILT:-}" ] || cargo build --quiet --profile bundler --bin folio
corpus=$WORK/corpus
"$FOLIO" gen --count "$N" --out "$corpus" --seed 1 >/dev/null 2>&1

bundle() {
  /usr/bin/time -f '%e' -o "$WORK/time" "$FOLIO" bundle "$corpus" --out "$WORK/out" \
    --cache "$WORK/cache" >"$WORK/log" 2>&1 || { cat "$WORK/log" >&2; exit 1; }
  cat "$WORK/time"
}

# segments: the articles of each search segment, oldest first.
segments() {
  python3 - "$WORK/out" <<'PY'
import glob, json, sys
out = sys.argv[1]
entry = json.load(open(f"{out}/index.json"))
root = json.load(open(glob.glob(f"{out}/s/*/{entry['search']}.json")[0]))
print(" ".join(str(s["docs"]) for s in root["segments"]))
PY
}

# reads QUERY: the bytes of index the first search for QUERY reads: for its first rows (from
# the heads, format 8 on) and for the whole answer, as `first / whole`.
reads() {
  "$FOLIO" search "$WORK/out" "$@" 2>&1 >/dev/null | sed -n 's/.*read \([0-9]*\) bytes.*/\1/p' | paste -sd/
}

t=$(bundle)
mkdir -p "$WORK/empty"
files0=$(node bench/diff.mjs "$WORK/empty" "$WORK/out" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["files"])')
echo "day 0: clean bundle of $N articles, ${t}s, $files0 files; segments: $(segments); first search reads $(reads rust) (rust), $(reads 更新) (更新) bytes"
echo
# delta: files uploaded (new + changed) and deleted, against the new bundle's files and bytes.
delta() {
  node bench/diff.mjs "$WORK/previous" "$WORK/out" --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
up, files = d["uploadFiles"], d["files"]
print("{:,} | {:,} | {:,} | {:.1f}% | {:.1f} MB | {:.2f}%".format(
    up, d["deleted"], files, 100 * up / files, d["uploadBytes"] / 1e6, d["bytesPct"]))'
}

echo "| day | files uploaded | deleted | files then | uploaded, of files | bytes uploaded | of bytes | incremental | segments (articles) | first search reads (first rows/whole answer): rust, 更新 |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
for d in $(seq 1 "$DAYS"); do
  python3 "$GROW" "$corpus" $((N / 100)) "$((100 + d))" >/dev/null
  python3 bench/redate.py "$corpus/_new" "$d" "第${d}天"
  mkdir -p "$corpus/_day$d"
  for f in "$corpus"/_new/grow-*.md; do
    mv "$f" "$corpus/_day$d/day$d-$(basename "$f")"
  done
  rm -rf "$WORK/previous"
  cp -a "$WORK/out" "$WORK/previous"
  t=$(bundle)
  printf '| %s | %s | %ss | %s | %s, %s |\n' "$d" "$(delta)" "$t" "$(segments)" "$(reads rust)" "$(reads 更新)"
  [ -z "${BY_KIND:-}" ] || node bench/diff.mjs "$WORK/previous" "$WORK/out" --by-kind | tail -1
done
