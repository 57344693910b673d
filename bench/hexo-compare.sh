#!/usr/bin/env bash
# Hexo as the reference: builds the small Hexo sites of bench/hexo-compare/ with the npm `hexo`
# package and with `folio bundle`, and compares them semantically (which posts and pages exist,
# titles, dates as days in the site's zone, categories and tags, excerpts, the visible text of
# each body, pins). Prints a Markdown report; BENCHMARKS.md records it with the reason for each
# difference.
#
#   bench/hexo-compare.sh                 every site of bench/hexo-compare/
#   bench/hexo-compare.sh path/to/site…   other Hexo sites (a folder with _config.yml, source/)
#
# Installs Hexo 8.1.2 with hexo-renderer-marked 7.0.1 and hexo-tag-embed 1.0.0 (youtube, vimeo,
# jsfiddle and gist left Hexo's core in Hexo 7) into bench/.hexo-compare (npm, git-ignored).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
MODULES_DIR=$BENCH/.hexo-compare
HEXO_VERSION=8.1.2

command -v node >/dev/null || { echo "hexo $HEXO_VERSION needs node >= 20.19 and npm" >&2; exit 1; }
mkdir -p "$MODULES_DIR"
cat >"$MODULES_DIR/package.json" <<JSON
{
  "name": "folio-hexo-compare",
  "private": true,
  "version": "0.0.0",
  "dependencies": {
    "hexo": "$HEXO_VERSION",
    "hexo-renderer-marked": "7.0.1",
    "hexo-tag-embed": "1.0.0"
  }
}
JSON
if [ "$(node -p "try{require('$MODULES_DIR/node_modules/hexo/package.json').version}catch(e){''}")" != "$HEXO_VERSION" ] ||
  [ ! -d "$MODULES_DIR/node_modules/hexo-tag-embed" ]; then
  echo "installing hexo $HEXO_VERSION into $MODULES_DIR" >&2
  (cd "$MODULES_DIR" && npm install --no-audit --no-fund --loglevel=error >&2)
fi

if [ -z "${FOLIO:-}" ]; then
  (cd "$ROOT" && cargo build --quiet --profile bundler --bin folio >&2)
  FOLIO=$ROOT/target/bundler/folio
fi

if [ $# -eq 0 ]; then set -- "$BENCH"/hexo-compare/*/; fi
echo "Command: \`bench/hexo-compare.sh\` — hexo $(node -p "require('$MODULES_DIR/node_modules/hexo/package.json').version"), hexo-renderer-marked $(node -p "require('$MODULES_DIR/node_modules/hexo-renderer-marked/package.json').version"), hexo-tag-embed $(node -p "require('$MODULES_DIR/node_modules/hexo-tag-embed/package.json').version"), node $(node --version); $("$FOLIO" --version)"
echo
node "$BENCH/hexo-compare.mjs" "$MODULES_DIR/node_modules" "$FOLIO" "${@%/}"
