#!/usr/bin/env bash
# Deploy-delta benchmark (not a test): what a rebuild changes in the bundle, and how long it takes.
#
#   bench/delta.sh [N]          (default N = 100000)
#
# `folio gen --count N --seed 1` writes a corpus; `folio bundle` bundles it (v0). Then, each step
# on a copy of the previous bundle, as a deploy folder is kept from one day to the next:
#   grow   +1% articles newer than all others (../shared/tools/grow.py CORPUS N/100, dated by
#          bench/redate.py: grow.py's own dates are mostly rejected, and the articles undated)
# then the edits a writer makes, each to another old article (bench/edit.py):
#   typo     one word in the middle of a body replaced by another
#   append   a paragraph appended to a body
#   insert   a sentence inserted in the middle of a body
#   title    a title edited
#   delete   one old article deleted
# and, for the time of an incremental build only:
#   new100   100 more new articles
#   edit100  100 articles edited at random (seeded)
# For each step it prints the files and bytes a deploy would upload (new + changed) and delete,
# against the new bundle's totals (bench/diff.mjs), the incremental bundle's wall time (with the
# cache of the previous step, `--cache`) and a clean bundle's (`--no-cache`), and checks that the
# two bundles are byte-identical (CLEAN=0 skips the clean bundles); BY_KIND=1 adds the files of
# each kind (bench/diff.mjs --by-kind) under each step. CORPUS=DIR starts from a copy of the
# articles in DIR (a kept `bench/days.sh` corpus, say) instead of generating N; EDITS=1 runs the
# five edits alone (no +1%, no 100 new or edited). Everything lives under $BENCH_TMP (default
# /tmp) and is deleted at the end unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
TMP=${BENCH_TMP:-/tmp}
WORK=$(mktemp -d "$TMP/folio-delta-XXXXXX")
FOLIO=${FOLIO:-target/bundler/folio}
GROW=../shared/tools/grow.py
log() { printf '\033[1mdelta:\033[0m %s\n' "$*" >&2; }
cleanup() { [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT

[ -n "${FOLIO_PREBUILT:-}" ] || cargo build --quiet --profile bundler --bin folio
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
CACHE_FLAGS=()
NO_CACHE=()
if "$FOLIO" bundle --help | grep -q -- '--cache'; then
  CACHE_FLAGS=(--cache "$WORK/cache")
  NO_CACHE=(--no-cache)
fi

corpus=$WORK/corpus
if [ -n "${CORPUS:-}" ]; then
  log "copy of $CORPUS"
  cp -a "$CORPUS" "$corpus"
  rm -rf "$corpus/_new"
else
  log "folio gen --count $N"
  "$FOLIO" gen --count "$N" --out "$corpus" --seed 1 >/dev/null 2>&1
fi

# bundle OUT [FLAGS…]: bundles the corpus into OUT; prints the wall time in seconds.
bundle() {
  local out=$1
  shift
  /usr/bin/time -f '%e' -o "$WORK/time" "$FOLIO" bundle "$corpus" --out "$out" "$@" >"$WORK/log" 2>&1 ||
    { cat "$WORK/log" >&2; exit 1; }
  cat "$WORK/time"
}

# step NAME: keeps a copy of the deployed bundle, bundles the changed corpus incrementally into
# the same folder (the cache is per output folder) and cleanly into another; prints one line of
# the table.
step() {
  local name=$1
  rm -rf "$WORK/previous"
  cp -a "$WORK/out" "$WORK/previous"
  local inc clean=- same=-
  inc=$(bundle "$WORK/out" "${CACHE_FLAGS[@]}")
  local reuse
  reuse=$(grep '^cache ' "$WORK/log" | sed 's/^cache [^:]*: //' || true)
  if [ "${CLEAN:-1}" = 1 ]; then
    clean=$(bundle "$WORK/clean" "${NO_CACHE[@]}")
    same=identical
    diff -r -q "$WORK/out" "$WORK/clean" >/dev/null || same=DIFFERENT
    rm -rf "$WORK/clean"
  fi
  printf '| %s | %s | %ss (%s) | %ss | %s |\n' "$name" "$(node bench/diff.mjs "$WORK/previous" "$WORK/out")" \
    "$inc" "${reuse:-no cache}" "$clean" "$same"
  [ -z "${BY_KIND:-}" ] || node bench/diff.mjs "$WORK/previous" "$WORK/out" --by-kind | tail -1
}

log "bundle v0"
t0=$(bundle "$WORK/out" "${CACHE_FLAGS[@]}")
echo "clean bundle of $N articles: ${t0}s; cache flags: ${CACHE_FLAGS[*]:-(none: this folio has no cache)}"
echo
echo "| step | deploy delta | incremental | clean | same bytes |"
echo "|---|---|---|---|---|"

if [ "${EDITS:-0}" != 1 ]; then
  log "grow by $((N / 100))"
  python3 "$GROW" "$corpus" $((N / 100)) >/dev/null
  python3 bench/redate.py "$corpus/_new" 1
  mv "$corpus/_new" "$corpus/_grown"
  step "+1% new ($((N / 100)))"
fi

# old K: the (N/2 + K)-th article by path, outside the folders of added articles.
old() {
  find "$corpus" -name '*.md' -not -path '*/_*' | sort | sed -n "$((N / 2 + $1))p"
}
k=0
for edit in "typo:one typo fixed" "append:one paragraph appended" "insert:one sentence inserted" \
  "title:one title edited"; do
  log "${edit#*:}"
  python3 bench/edit.py "${edit%%:*}" "$(old $k)"
  step "${edit#*:}"
  k=$((k + 1))
done

log "delete one old"
rm "$(find "$corpus" -name '*.md' -not -path '*/_*' | sort | sed -n 10p)"
step "one deletion"
[ "${EDITS:-0}" != 1 ] || exit 0

log "100 new"
python3 "$GROW" "$corpus" 100 2 >/dev/null
python3 bench/redate.py "$corpus/_new" 2
for f in "$corpus"/_new/grow-*.md; do
  mv "$f" "$corpus/_new/more-$(basename "$f")"
done
step "100 new"

log "100 edited at random"
find "$corpus" -name '*.md' | sort | python3 -c '
import random, sys
files = [l.strip() for l in sys.stdin]
for f in random.Random(7).sample(files, 100):
    open(f, "a", encoding="utf-8").write("\nAn edited paragraph, added by bench/delta.sh.\n")'
step "100 edited at random"
