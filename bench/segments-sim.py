#!/usr/bin/env python3
"""Search segments over +1% days, simulated (not a test): what a segment policy makes a day upload.

    python3 bench/segments-sim.py [SEEDS] [DAYS]      (default 8 seeds, 40 days)

Slug hashes are random (seeded), the archive starts at 100,000 articles and grows by 1,000 a
day. Each day the layout of `src/bundler/layout.rs` is computed (levels of trailing zero bits,
each level's minimum, nested from the oldest article), and every segment that is new that day
(a range, or its sizing, not there the day before) is counted as written whole. The cost of
writing a segment is calibrated on the forty days of main's format 8 (`bench/days.sh 100000
40`, BENCHMARKS.md "Forty +1% days at 100k"):

- a day's other files and bytes: 106 files, 3.9 MB (rows, packs, lookup, facets, directory);
- a segment sized as the open tail (24 KiB shard floor): 0.069 files an article;
- a closed segment (12 KiB floor): the files main uploaded the days one closed, interpolated
  in log space (2,072 articles 396 files, 4,875 792, 10,261 1,380, 29,532 2,645, 36,586 2,881);
- bytes: 2,250 an article of the segments written; the bundle has 566 MB and 14,800 files at
  100,000 articles, and grows by 5.66 MB and 125 files a day.

Policies:
- main: segments closed by content-defined boundaries alone; the tail waits for one.
- forced: a level-1 run also closes at LEVEL1_MAX articles (a forced cut), so the tail and a
  level-1 segment never hold more (built and measured on branch i13-merge, not kept:
  BENCHMARKS.md, "Search segments over 24 +1% days").
- young: `forced`, and level-1 segments sized as the tail (24 KiB shard floor; built and
  measured on day 0 only, not kept: 8% fewer files at 100,000 articles, but the first search
  read 16-38% more bytes, the larger shards' key blocks and files).
- spread (a design, not built): `young`, and a run that closes at level k >= 2 publishes its
  merged index a part of the key range at a time, the part growing with the articles after
  its close, over a window of max(size / 4, 4,096) articles; until then the segments it merges
  serve the rest of the key range. The day it closes writes the merged index's first part and
  the last piece of the runs it merges (the tail's articles before the closing one).
- spread-closed: `spread` with level-1 segments at the closed floor (`forced`, spread).

`reads` is the most segments a token of the root may be looked up in on some day (during a
spread merge, the merged segment for one side of the boundary and the old ones for the other).
"""
import math
import random
import statistics
import sys

ZEROS, LEVELS = 9, 5
LEVEL1_MAX = 4096


def level(h):
    if h == 0:
        return LEVELS
    zeros = (h & -h).bit_length() - 1
    return min(max(zeros - ZEROS, 0) // 2, LEVELS)


def minimum(k):
    return 1 << (ZEROS + 2 * k)


def segments(lv, start, end, top, level1_max=None, skip_last=False):
    """(start, end, level) of the segments of [start, end) closed at levels top..1, then the tail
    (level 0). skip_last: the last article closes nothing (the runs a merge took in)."""
    out = []
    for k in range(top, 0, -1):
        for i in range(start, end - 1 if skip_last else end):
            run = i + 1 - start
            if (lv[i] >= k and run >= minimum(k)) or (k == 1 and level1_max and run == level1_max):
                out.append((start, i + 1, k))
                start = i + 1
    if start < end:
        out.append((start, end, 0))
    return out


CLOSED = [(2072, 396), (2963, 519), (3165, 531), (3672, 673), (4875, 792), (5426, 857),
          (10261, 1380), (29532, 2645), (36586, 2881)]


def closed_files(n):
    if n <= CLOSED[0][0]:
        return CLOSED[0][1] * n / CLOSED[0][0]
    for (a, fa), (b, fb) in zip(CLOSED, CLOSED[1:]):
        if n <= b:
            t = math.log(n / a) / math.log(b / a)
            return math.exp(math.log(fa) + t * (math.log(fb) - math.log(fa)))
    a, fa = CLOSED[-1]
    return fa * (n / a) ** 0.6


def tail_files(n):
    return 0.069 * n


def simulate(policy, seed, days, start=100_000, per_day=1_000):
    rng = random.Random(seed)
    lv = [level(rng.getrandbits(64)) for _ in range(start + days * per_day)]
    level1_max = None if policy == "main" else LEVEL1_MAX
    previous = {}
    out = []
    for day in range(days + 1):
        n = start + day * per_day
        published = {}  # (start, end, sized as the tail) -> part published
        reads = 0
        for s, e, k in segments(lv, 0, n, LEVELS, level1_max):
            as_tail = k == 0 or (policy in ("young", "spread") and k == 1)
            part = 1.0
            if policy.startswith("spread") and k >= 2:
                part = min(1.0, (n - e) / max((e - s) / 4, 4096))
            published[(s, e, as_tail)] = part
            reads += 1
            if part < 1.0:
                old = segments(lv, s, e, k - 1, level1_max, skip_last=True)
                reads += len(old)
                for os, oe, ok in old:
                    sized_as_tail = ok == 0 or (policy in ("young", "spread") and ok == 1)
                    published[(os, oe, sized_as_tail)] = 1.0
        files, articles = 106.0, 0.0
        for (s, e, as_tail), part in published.items():
            grown = part - previous.get((s, e, as_tail), 0.0)
            if grown > 0:
                files += grown * (tail_files(e - s) if as_tail else closed_files(e - s))
                articles += grown * (e - s)
        if day:
            files_pct = 100 * files / (14_800 + 125 * day)
            bytes_pct = 100 * (3.9e6 + 2250 * articles) / (566e6 + 5660 * per_day * day)
            out.append((files_pct, bytes_pct, reads))
        previous = published
    return out


def main():
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    days = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    print(f"{seeds} seeds x {days} days from 100,000 articles, +1,000 a day")
    print("| policy | mean files | worst day's files (per seed) | worst day's bytes | days over 5% | most segments a token reads |")
    print("|---|---:|---|---:|---:|---:|")
    for policy in ("main", "forced", "young", "spread", "spread-closed"):
        runs = [simulate(policy, seed, days) for seed in range(1, seeds + 1)]
        mean = statistics.mean(f for run in runs for f, _, _ in run)
        worst = [round(max(f for f, _, _ in run), 1) for run in runs]
        worst_bytes = max(b for run in runs for _, b, _ in run)
        over = sum(1 for run in runs for f, b, _ in run if f > 5 or b > 5)
        reads = max(r for run in runs for _, _, r in run)
        print(f"| {policy} | {mean:.2f}% | {worst} | {worst_bytes:.1f}% | {over} of {seeds * days} | {reads} |")


if __name__ == "__main__":
    main()
