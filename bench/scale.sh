#!/usr/bin/env bash
# Scale benchmark (not a test): one table for 10k, 100k and 1M generated articles.
#
#   make build && bench/scale.sh [SIZES…]        (default: 10000 100000 1000000)
#
# For each size: `folio gen --seed 1` writes a corpus; `folio bundle` bundles it under
# /usr/bin/time (wall, peak memory); bench/stats.mjs reads what the bundle is made of (bytes,
# files, largest file, fullest folder, bytes by kind); the built app is copied next to the
# bundle and served on 127.0.0.1, plain and gzip'd as GitHub Pages serves; bench/views.mjs
# drives headless Chromium for the first view (loopback, and throttled to 10 Mbit/s with 100 ms
# round trips over gzip), a filtered view, a first search and opening an article. At 10k and
# 100k it also builds Pagefind's index over the same articles and measures its start-up the
# same way (PAGEFIND=0 skips that). Results go to bench/results/scale-<date>.json and a table
# on stdout. Corpora and bundles live under $BENCH_TMP (default /tmp) and are deleted at the
# end (a 1M corpus is about 4 GB; its bundle as much again).
#
# Environment: BENCH_TMP, KEEP=1 (keep the corpora), PAGEFIND=0, TAGS (distinct tags for
# `folio gen --tags`, default 0: the corpus of the issue's baseline).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000 1000000)
TMP=${BENCH_TMP:-/tmp}
WORK=$(mktemp -d "$TMP/folio-scale-XXXXXX")
FOLIO=target/bundler/folio
RESULTS=bench/results
mkdir -p "$RESULTS"
OUT="$RESULTS/scale-$(date +%Y%m%d-%H%M%S).json"
log() { printf '\033[1mscale:\033[0m %s\n' "$*" >&2; }

cleanup() { [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT

[ -f dist/index.html ] || { log "build the app first: make build"; exit 1; }
cargo build --quiet --profile bundler --bin folio
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null

echo "[" > "$OUT"
first=1
for n in "${SIZES[@]}"; do
  corpus="$WORK/corpus-$n"
  site="$WORK/site-$n"
  log "$n: folio gen"
  "$FOLIO" gen --count "$n" --out "$corpus" --seed 1 --tags "${TAGS:-0}" >/dev/null 2>&1
  sync
  log "$n: folio bundle"
  mkdir -p "$site"
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time-$n" \
    "$FOLIO" bundle "$corpus" --out "$site/data" > "$WORK/report-$n" 2>&1
  read -r wall user sys rss < "$WORK/time-$n"
  log "$n: bundled in ${wall}s, peak ${rss} KB"
  for f in dist/*; do [ "$(basename "$f")" = data ] || cp -r "$f" "$site/"; done
  newest=$(python3 ../shared/tools/newest.py "$corpus")
  pagefind=""
  if [ "${PAGEFIND:-1}" != 0 ] && [ "$n" -le 100000 ]; then pagefind="--pagefind"; fi
  views=$(node bench/views.mjs "$site" "$corpus" "$newest" $pagefind)
  stats=$(node bench/stats.mjs "$site/data" --json)
  [ $first = 1 ] || echo "," >> "$OUT"
  first=0
  printf '{"articles":%s,"bundle":{"wall_s":%s,"cpu_s":%s,"peak_kb":%s},"stats":%s,"views":%s}\n' \
    "$n" "$wall" "$(echo "$user + $sys" | bc)" "$rss" "$stats" "$views" >> "$OUT"
  [ "${KEEP:-0}" = 1 ] || rm -rf "$corpus" "$site"
done
echo "]" >> "$OUT"
log "results in $OUT"
node bench/scale-table.mjs "$OUT"
