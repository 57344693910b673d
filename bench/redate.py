#!/usr/bin/env python3
"""Dates the articles ../shared/tools/grow.py wrote: redate.py FOLDER DAY [TITLE_PREFIX].

grow.py writes RFC 2822 dates whose weekday is Thursday whatever the day, which the bundler
rejects for every day that is not a Thursday (the article is kept undated, so numbered before
every other: not "newer than all"). This rewrites each `grow-NNNNN.md` of FOLDER to
`YYYY-MM-DD HH:MM:SS` on day DAY of 2030 (day 1 = 1 January), NNNNN × 80 seconds after
midnight, after every article `folio gen` writes; with TITLE_PREFIX, prefixes its title."""
import datetime, os, re, sys

folder, day = sys.argv[1], int(sys.argv[2])
prefix = sys.argv[3] if len(sys.argv) > 3 else ""
start = datetime.datetime(2030, 1, 1) + datetime.timedelta(days=day - 1)
for name in sorted(os.listdir(folder)):
    found = re.fullmatch(r"grow-(\d+)\.md", name)
    if not found:
        continue
    when = start + datetime.timedelta(seconds=int(found.group(1)) * 80)
    path = os.path.join(folder, name)
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"^date:.*$", f"date: {when:%Y-%m-%d %H:%M:%S}", text, count=1, flags=re.M)
    if prefix:
        text = text.replace("title: '", f"title: '{prefix} ", 1)
    open(path, "w", encoding="utf-8").write(text)
