#!/usr/bin/env bash
# Scale benchmark (not a test): one table for 10k, 100k and 1M generated articles.
#
#   make build && bench/scale.sh [SIZES…]        (default: 10000 100000 1000000)
#
# For each size: `folio gen --seed 1` writes a corpus; `folio bundle --no-cache` (a clean build) bundles it under
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
# At 100k (or every size with RECALL=1) it also checks search recall: `folio search` (the app's
# engine on the bundle) against `folio search --scan` (a plain scan of every article's text) for a
# few queries, recall and false positives.
#
# Environment: FOLIO_BIN (a built folio instead of building one), BENCH_TMP, BENCH_WORK, KEEP=1 (keep the corpora), PAGEFIND=0, RECALL=0/1, RUNS (page loads
# per view, default 3), TAGS (distinct tags for `folio gen --tags`, default 0: the corpus of the
# issue's baseline).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# The shared measuring sticks (the newest article, the first view) live beside the repository:
# without them the run would stop after its first bundling.
for tool in ../shared/tools/newest.py ../shared/tools/firstview.mjs; do
  [ -f "$tool" ] || { echo "bench/scale.sh: $PWD/$tool is missing (run from a clone beside ../shared)" >&2; exit 2; }
done

SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000 1000000)
TMP=${BENCH_TMP:-/tmp}
# BENCH_WORK: a folder to work in instead of a new one; a corpus already there is reused.
WORK=${BENCH_WORK:-$(mktemp -d "$TMP/folio-scale-XXXXXX")}
FOLIO=${FOLIO_BIN:-target/bundler/folio}
RESULTS=bench/results
mkdir -p "$RESULTS"
OUT="$RESULTS/scale-$(date +%Y%m%d-%H%M%S).json"
log() { printf '\033[1mscale:\033[0m %s\n' "$*" >&2; }

cleanup() { [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT

[ -f dist/index.html ] || { log "build the app first: make build"; exit 1; }
[ -n "${FOLIO_BIN:-}" ] || cargo build --quiet --profile bundler --bin folio
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null

echo "[" > "$OUT"
first=1
for n in "${SIZES[@]}"; do
  corpus="$WORK/corpus-$n"
  site="$WORK/site-$n"
  if [ ! -d "$corpus" ]; then
    log "$n: folio gen"
    "$FOLIO" gen --count "$n" --out "$corpus" --seed 1 --tags "${TAGS:-0}" >/dev/null 2>&1
  fi
  sync
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  source_bytes=$(du -sb "$corpus" | cut -f1)
  log "$n: folio bundle (load $load)"
  mkdir -p "$site"
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time-$n" \
    "$FOLIO" bundle "$corpus" --out "$site/data" --no-cache > "$WORK/report-$n" 2>&1
  read -r wall user sys rss < "$WORK/time-$n" || { cat "$WORK/report-$n" >&2; exit 1; }
  log "$n: bundled in ${wall}s, peak ${rss} KB"
  for f in dist/*; do [ "$(basename "$f")" = data ] || cp -r "$f" "$site/"; done
  newest=$(python3 ../shared/tools/newest.py "$corpus")
  pagefind=""
  if [ "${PAGEFIND:-1}" != 0 ] && [ "$n" -le 100000 ]; then pagefind="--pagefind"; fi
  recall=null
  if [ "${RECALL:-}" = 1 ] || { [ "${RECALL:-}" != 0 ] && [ "$n" = 100000 ]; }; then
    log "$n: search recall"
    recall=$(bench/recall.sh "$FOLIO" "$site/data")
  fi
  views=$(node bench/views.mjs "$site" "$corpus" "$newest" $pagefind --runs "${RUNS:-3}")
  stats=$(node bench/stats.mjs "$site/data" --json)
  [ $first = 1 ] || echo "," >> "$OUT"
  first=0
  printf '{"articles":%s,"load":"%s","source_bytes":%s,"bundle":{"wall_s":%s,"cpu_s":%s,"user_s":%s,"sys_s":%s,"peak_kb":%s},"stats":%s,"recall":%s,"views":%s}\n' \
    "$n" "$load" "$source_bytes" "$wall" "$(echo "$user + $sys" | bc)" "$user" "$sys" "$rss" "$stats" "$recall" "$views" >> "$OUT"
  [ "${KEEP:-0}" = 1 ] || rm -rf "$corpus" "$site"
done
echo "]" >> "$OUT"
log "results in $OUT"
node bench/scale-table.mjs "$OUT"
