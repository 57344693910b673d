#!/usr/bin/env bash
# Times `folio bundle` side by side with Hugo (Debian `hugo`) and Hexo 8 (npm `hexo`) building
# the same corpus made by `folio gen`, and prints a Markdown table of wall time and peak memory.
# A benchmark, not a test: nothing here fails on a slow result.
#
#   bench/bundle.sh                     # sizes 1000 10000
#   bench/bundle.sh 1000 10000 100000   # any sizes
#
# Environment:
#   TOOLS="folio hugo hexo"  which tools to run
#   RUNS=3                   runs of folio per size (median wall time, with min-max)
#   OTHER_RUNS=1             runs of hugo and hexo per size (median)
#   TIMEOUT=900              seconds before one run of a tool is killed (reported as "timeout")
#   SEED=1                   seed for `folio gen`
#   FOLIO=path               use this folio binary instead of building target/bundler/folio
#   BENCH_TMP=dir            where the corpus and the outputs go (default bench/.work); e.g.
#                            BENCH_TMP=/dev/shm to take the disk out of the measurement
#   KEEP_WORK=1              keep the run's folder (corpus and outputs) afterwards
#
# Installs what is missing: hugo and time (apt), Hexo with hexo-renderer-marked and
# hexo-renderer-ejs (npm, into bench/.hexo-site, git-ignored). Everything Hexo needs is local:
# a hand-written theme of three EJS layouts, no theme download. Each run builds a copy of that
# site in the run's folder, so the corpus, Hugo's and Hexo's sources and all outputs share a
# file system.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)
TOOLS=${TOOLS:-"folio hugo hexo"}
RUNS=${RUNS:-3}
OTHER_RUNS=${OTHER_RUNS:-1}
TIMEOUT=${TIMEOUT:-900}
SEED=${SEED:-1}
HEXO_VERSION=8.1.2
BENCH_TMP=${BENCH_TMP:-$BENCH/.work}
HEXO_SITE=$BENCH/.hexo-site

log() { printf '%s\n' "$*" >&2; }
warn() { printf 'WARNING: %s\n' "$*" >&2; WARNINGS+=("$*"); }
WARNINGS=()
has_tool() { [[ " $TOOLS " == *" $1 "* ]]; }

for n in "${SIZES[@]}"; do
  [[ $n =~ ^[0-9]+$ ]] || { log "not a size: $n"; exit 2; }
done

# ---------------------------------------------------------------------------------------------
# Install what is missing
# ---------------------------------------------------------------------------------------------
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then $SUDO apt-get update -qq >&2; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >&2
}
[ -x /usr/bin/time ] || apt_install time
if has_tool hugo && ! command -v hugo >/dev/null; then apt_install hugo; fi

if has_tool hexo; then
  command -v node >/dev/null || { log "hexo $HEXO_VERSION needs node >= 20.19 and npm"; exit 1; }
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a == 20 && b >= 19) ? 0 : 1)' ||
    log "WARNING: hexo $HEXO_VERSION wants node >= 20.19, this is $(node --version)"
  mkdir -p "$HEXO_SITE/themes/mini/layout" "$HEXO_SITE/scripts"
  cat >"$HEXO_SITE/package.json" <<EOF
{
  "name": "folio-bench-hexo",
  "private": true,
  "version": "0.0.0",
  "hexo": { "version": "$HEXO_VERSION" },
  "dependencies": {
    "hexo": "$HEXO_VERSION",
    "hexo-renderer-ejs": "2.0.0",
    "hexo-renderer-marked": "7.0.1"
  }
}
EOF
  # Posts only (no tag, category or archive pages) plus one home page; no syntax highlighter.
  cat >"$HEXO_SITE/_config.yml" <<'EOF'
title: bench
url: http://example.org
permalink: :title/
theme: mini
source_dir: source
public_dir: public
syntax_highlighter: false
post_asset_folder: false
future: true
EOF
  cat >"$HEXO_SITE/themes/mini/layout/post.ejs" <<'EOF'
<!doctype html><html><head><meta charset="utf-8"><title><%= page.title %></title></head><body><h1><%= page.title %></h1><p><%= page.author %> · <%= page.date.format('YYYY-MM-DD') %> · <%= page.categories.map(c => c.name).join(' / ') %></p><%- page.content %></body></html>
EOF
  cp "$HEXO_SITE/themes/mini/layout/post.ejs" "$HEXO_SITE/themes/mini/layout/page.ejs"
  cat >"$HEXO_SITE/themes/mini/layout/index.ejs" <<'EOF'
<!doctype html><html><head><meta charset="utf-8"><title><%= config.title %></title></head><body><h1><%= config.title %></h1><p><%= site.posts.length %> articles</p></body></html>
EOF
  cat >"$HEXO_SITE/scripts/index.js" <<'EOF'
// One home page, like folio's index.json and Hugo's home page.
hexo.extend.generator.register('bench-index', locals => ({ path: 'index.html', data: locals, layout: ['index'] }));
EOF
  if [ "$(node -p "try{require('$HEXO_SITE/node_modules/hexo/package.json').version}catch(e){''}")" != "$HEXO_VERSION" ]; then
    log "installing hexo $HEXO_VERSION into $HEXO_SITE"
    (cd "$HEXO_SITE" && npm install --no-audit --no-fund --loglevel=error >&2)
  fi
fi

if [ -z "${FOLIO:-}" ]; then
  log "building folio (cargo build --profile bundler --bin folio)"
  (cd "$ROOT" && cargo build --quiet --profile bundler --bin folio >&2)
  FOLIO=$ROOT/target/bundler/folio
  FOLIO_BUILT="$("$FOLIO" --version), profile bundler, $(rustc --version), built from $(git -C "$ROOT" rev-parse --short HEAD)"
  if [ -n "$(git -C "$ROOT" status --porcelain -- src Cargo.toml Cargo.lock)" ]; then
    FOLIO_BUILT+=" with uncommitted changes"
  fi
else
  FOLIO_BUILT="$("$FOLIO" --version) ($FOLIO)"
fi

# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------
# Nothing is deleted while measuring: every run writes into a new folder and the run's folder is
# removed at the end. On ext4 without a journal (this machine's disk) a file created within a
# minute or so of many deletions is much slower to create (the kernel skips recently deleted
# inodes), which would time the previous run's `rm -rf` rather than the tool.
# Hexo opens all its source files at once: give it as many descriptors as allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mkdir -p "$BENCH_TMP"
WORK=$(mktemp -d "$BENCH_TMP/run.XXXXXX")
[ -n "${KEEP_WORK:-}" ] || trap 'rm -rf "$WORK"' EXIT
LOGS=$BENCH/.work/logs # kept after the run, replaced by the next one
rm -rf "$LOGS" && mkdir -p "$LOGS"

# timed LOG CMD...: runs CMD under /usr/bin/time and timeout; prints "WALL PEAK_KB CPU STATUS"
# (CPU: user + system seconds).
timed() {
  local logf=$1; shift
  local tf status=0
  tf=$(mktemp)
  /usr/bin/time -f '%e %M %U %S' -o "$tf" timeout --kill-after=10 "$TIMEOUT" "$@" >"$logf" 2>&1 || status=$?
  echo "$(tail -n 1 "$tf" | awk '{ printf "%s %s %.2f", $1, $2, $3 + $4 }') $status"
  rm -f "$tf"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

# Articles are written one level below group/feed/sub: OUT/g/f/s/<title>/index.html for Hugo and
# Hexo; folio's bundle counts its articles in index.json (format 4 packs their bodies in groups).
count_pages() { find "$1" -mindepth 5 -type f -name index.html | wc -l; }
count_files() { find "$1" -type f | wc -l; }

ROWS=()
LOADS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }

# bench_tool NAME SIZE RUNS: for each run, NAME_prepare RUN sets OUT and the command CMD, which
# is timed; NAME_count prints "ARTICLE_OUTPUTS ALL_FILES" for the last run's OUT.
bench_tool() {
  local name=$1 n=$2 runs=$3
  local walls=() cpus=() peak=0 r res wall kb cpu st failed="" logf
  for ((r = 1; r <= runs; r++)); do
    "${name}_prepare" "$r"
    sync # the corpus and earlier outputs reach the disk before the clock starts
    log "  $name, $n articles, run $r/$runs"
    logf=$LOGS/$name-$n-$r.log
    res=$(timed "$logf" "${CMD[@]}")
    read -r wall kb cpu st <<<"$res"
    if [ "$st" = 124 ] || [ "$st" = 137 ]; then
      failed="timeout after ${TIMEOUT} s"
      break
    elif [ "$st" != 0 ]; then
      failed="failed after $wall s (exit $st)"
      if grep -q EMFILE "$logf"; then failed="failed after $wall s: EMFILE, too many open files (ulimit -n $(ulimit -n))"; fi
      warn "$name at $n: exit $st after $wall s, see $logf"
      tail -n 5 "$logf" >&2
      break
    fi
    walls+=("$wall")
    cpus+=("$cpu")
    if ((kb > peak)); then peak=$kb; fi
  done
  if [ -n "$failed" ]; then
    row "$n" "$name" "$failed" "$cpu" "$(mb "$kb")" "-"
    return
  fi
  local med pages files label=$name
  med=$(printf '%s\n' "${walls[@]}" | median)
  if ((runs > 1)); then
    med="$med ($(printf '%s\n' "${walls[@]}" | sort -g | sed -n '1p;$p' | paste -sd '-'))"
  fi
  read -r pages files <<<"$("${name}_count")"
  [ "$pages" -eq "$n" ] || warn "$name at $n: $pages article outputs for $n articles"
  if ((runs > 1)); then label="$name (median of $runs)"; fi
  row "$n" "$label" "$med" "$(printf '%s\n' "${cpus[@]}" | median)" "$(mb "$peak")" "$pages / $files"
}

folio_prepare() {
  OUT=$WORK/out-$n/folio-$1
  CMD=("$FOLIO" bundle "$CORPUS" --out "$OUT")
}
folio_count() {
  echo "$(grep -o '"articles":[0-9]*' "$OUT/index.json" | head -n 1 | cut -d: -f2) $(count_files "$OUT")"
}

# Hugo: a site whose contentDir is the corpus, a fresh destination each run.
hugo_prepare() {
  OUT=$WORK/out-$n/hugo-$1
  SITE=$WORK/hugo-site-$n-$1
  mkdir -p "$SITE/layouts/_default"
  # Pages and their list pages only: no taxonomies (categories), RSS, sitemap, robots or 404.
  cat >"$SITE/config.toml" <<EOF
baseURL = "http://example.org/"
title = "bench"
contentDir = "$CORPUS"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
EOF
  cat >"$SITE/layouts/_default/single.html" <<'EOF'
<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><p>{{ .Params.author }} · {{ .Date.Format "2006-01-02" }} · {{ delimit .Params.categories " / " }}</p>{{ .Content }}</body></html>
EOF
  cat >"$SITE/layouts/_default/list.html" <<'EOF'
<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><p>{{ len .RegularPagesRecursive }} articles</p></body></html>
EOF
  CMD=(hugo --quiet --source "$SITE" --destination "$OUT")
}
hugo_count() { echo "$(count_pages "$OUT") $(count_files "$OUT")"; }

# Hexo: a copy of the site per run (node_modules linked), the same article files hard-linked
# into source/_posts with their nested folders; its output is the site's public/.
hexo_prepare() {
  SITE=$WORK/hexo-site-$n-$1
  OUT=$SITE/public
  mkdir -p "$SITE/source"
  cp -r "$HEXO_SITE"/{_config.yml,package.json,themes,scripts} "$SITE/"
  ln -s "$HEXO_SITE/node_modules" "$SITE/node_modules"
  cp -al "$CORPUS" "$SITE/source/_posts"
  CMD=("$HEXO_SITE/node_modules/.bin/hexo" generate --cwd "$SITE")
}
hexo_count() { echo "$(count_pages "$OUT") $(count_files "$OUT")"; }

for n in "${SIZES[@]}"; do
  log "== $n articles"
  CORPUS=$WORK/corpus-$n
  "$FOLIO" gen --count "$n" --out "$CORPUS" --seed "$SEED" >&2
  LOADS+=("$n: $(uptime | sed 's/.*load average: //')")

  if has_tool folio; then
    bench_tool folio "$n" "$RUNS"
    summary=$(grep -h '^read ' "$LOGS/folio-$n-1.log" || true)
    log "  folio: $summary"
    [[ $summary == "read $n, bundled $n, skipped 0, warnings 0" ]] || warn "folio at $n: '$summary'"
  fi
  if has_tool hugo; then
    bench_tool hugo "$n" "$OTHER_RUNS"
    # Hugo reads the RFC 2822 dates (`Mon, 18 Nov 2024 00:37:52 GMT`) as they are: check.
    if [ -d "$OUT" ] && grep -rlq --include=index.html ' · 0001-01-01 · ' "$OUT"; then
      warn "hugo at $n: some dates did not parse"
    fi
  fi
  if has_tool hexo; then
    bench_tool hexo "$n" "$OTHER_RUNS"
    if [ -f "$OUT/index.html" ] && ! grep -q "<p>$n articles</p>" "$OUT/index.html"; then
      warn "hexo at $n: its home page does not count $n posts"
    fi
  fi
done

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
echo "Command: \`bench/bundle.sh ${SIZES[*]}\` (TOOLS=\"$TOOLS\" RUNS=$RUNS OTHER_RUNS=$OTHER_RUNS TIMEOUT=$TIMEOUT SEED=$SEED)"
echo
echo "- nproc: $(nproc); ulimit -n: $(ulimit -n); memory: $(free -g | awk '/^Mem:/ { print $2 " GiB" }'); corpus and outputs on $(df -T "$WORK" | awk 'NR == 2 { print $2 " (" $1 ")" }')"
for l in "${LOADS[@]}"; do echo "- load average (1, 5, 15 min) when size $l"; done
echo "- load average at the end: $(uptime | sed 's/.*load average: //')"
echo "- folio: $FOLIO_BUILT"
if has_tool hugo; then echo "- hugo: $(hugo version)"; fi
if has_tool hexo; then echo "- hexo: $(node -p "require('$HEXO_SITE/node_modules/hexo/package.json').version") with hexo-renderer-marked $(node -p "require('$HEXO_SITE/node_modules/hexo-renderer-marked/package.json').version"), hexo-renderer-ejs $(node -p "require('$HEXO_SITE/node_modules/hexo-renderer-ejs/package.json').version"), node $(node --version)"; fi
echo
echo "| size | tool | wall s | CPU s (user + sys) | peak MB | output files (articles / all) |"
echo "|---:|---|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
if [ ${#WARNINGS[@]} -gt 0 ]; then
  echo
  for w in "${WARNINGS[@]}"; do echo "- WARNING: $w"; done
fi
