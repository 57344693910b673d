#!/usr/bin/env bash
# Prints the size of the app shell in a dist folder, raw, gzip -9 and brotli -q 11 (what a static
# host typically serves). The total counts what index.html loads; the chunks of the WASM loaded on
# demand (chunk-<feature>-<hash>.wasm), the embed scripts and the service worker are listed apart. Usage: scripts/sizes.sh [dist]
set -euo pipefail
dist=${1:-dist}
printf '| file | raw | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|\n'
total_raw=0; total_gz=0; total_br=0; extras=()
for f in "$dist"/*.wasm "$dist"/*.js "$dist"/*.css "$dist"/index.html; do
  [ -f "$f" ] || continue
  name=$(basename "$f" | sed -E 's/-[0-9a-f]{8,16}(_bg)?\././; s/-[0-9a-f]{8,16}_bg/_bg/')
  case "$name" in embed.js|embed-frame.js|sw.js|chunk-*) extras+=("$f"); continue ;; esac
  raw=$(wc -c <"$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(brotli -q 11 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  printf '| %s | %d | %d | %d |\n' "$name" "$raw" "$gz" "$br"
done
printf '| **app shell total** (what index.html loads) | **%d** | **%d** | **%d** |\n' "$total_raw" "$total_gz" "$total_br"
for f in "${extras[@]}"; do
  raw=$(wc -c <"$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(brotli -q 11 -c "$f" | wc -c)
  printf '| %s (only when used) | %d | %d | %d |\n' "$(basename "$f" | sed -E 's/-[0-9a-f]{16}\./\./')" "$raw" "$gz" "$br"
done
