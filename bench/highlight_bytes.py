#!/usr/bin/env python3
"""Bytes that build-time highlighting adds to a bundle's packs: every pack (b/**.json) as
written, against the same pack with each `<span class="hl-…">…</span>` replaced by its text
(highlighting only wraps escaped code in such spans), raw and gzip -9.

    python3 bench/highlight_bytes.py BUNDLE_DIR
"""
import glob
import gzip
import re
import sys

SPAN = re.compile(r'<span class=\\"hl-[a-z]+\\">((?:(?!<span|</span>).)*)</span>', re.S)

raw = plain = gz_raw = gz_plain = spans = 0
for path in glob.glob(f"{sys.argv[1]}/b/**/*.json", recursive=True):
    text = open(path, encoding="utf-8").read()
    stripped = text
    while True:
        stripped, n = SPAN.subn(r"\1", stripped)
        spans += n
        if n == 0:
            break
    raw += len(text.encode())
    plain += len(stripped.encode())
    gz_raw += len(gzip.compress(text.encode(), 9))
    gz_plain += len(gzip.compress(stripped.encode(), 9))
print(f"packs {raw} bytes, {plain} without highlighting: +{raw - plain} ({100 * (raw - plain) / raw:.1f}%)")
print(f"gzip  {gz_raw} bytes, {gz_plain} without highlighting: +{gz_raw - gz_plain} ({100 * (gz_raw - gz_plain) / gz_raw:.1f}%)")
print(f"{spans} highlight spans")
