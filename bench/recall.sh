#!/usr/bin/env bash
# Search recall on a bundle (not a test; bench/scale.sh runs it at 100k): bench/recall.sh FOLIO DATA
# For each query, the app's engine (`folio search DATA Q`) against a plain scan of every
# article's title and text (`folio search --scan DATA Q`): prints a JSON array of
# {query, truth, found, recall, false_positives}. A word as typed (`rust*`) is a prefix in both.
set -euo pipefail
folio=$1
data=$2
# The scan judges terms of words or of CJK characters, not phrases or exclusions.
queries=('archive' '物理' '社会中' '时间个人' 'rust*' 'the archive')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sep=""
printf '['
for q in "${queries[@]}"; do
  # The query's words are separate arguments, as the CLI takes them.
  read -ra words <<< "$q"
  "$folio" search --scan "$data" "${words[@]}" | cut -f1 | sort > "$tmp/truth"
  "$folio" search "$data" "${words[@]}" 2>/dev/null | cut -f1 | sort > "$tmp/found"
  truth=$(wc -l < "$tmp/truth")
  found=$(wc -l < "$tmp/found")
  both=$(comm -12 "$tmp/truth" "$tmp/found" | wc -l)
  recall=$(awk -v b="$both" -v t="$truth" 'BEGIN { printf "%.4f", t ? b / t : 1 }')
  printf '%s{"query":"%s","truth":%s,"found":%s,"recall":%s,"false_positives":%s}' \
    "$sep" "${q//\"/\\\"}" "$truth" "$found" "$recall" "$((found - both))"
  sep=","
done
printf ']\n'
