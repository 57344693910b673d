#!/usr/bin/env python3
"""Where the lookup's newest part should end (not a test; a model, no bundle): lookup files a
+1% day rewrites at 100,000 articles for a few boundary rules (BENCHMARKS.md, "The lookup's
newest keys in a part of their own").

    python3 bench/lookup-boundary.py

Each day adds 1,000 articles (random slug hashes); a day rewrites every newest shard
(ceil(newest articles / 256): their keys are random, so each gains some) and, on a day the
boundary moves, the whole settled part (about one shard per 512 keys, and its root). Rules:
content-defined (an article whose hash has Z leading zero bits ends the settled part once M
articles came since its last end, and one at 2M in any case; 20 seeds) and multiples of E
(every place of the first day between two multiples). Facet values are left out (a few a day).
"""
import bisect
import math
import random

START, PER_DAY, DAYS, ITEMS = 100_000, 1_000, 30, 256


def days(boundary, n0):
    """(lookup files, newest articles) of each day, given boundary(n) -> settled articles."""
    previous = boundary(n0)
    for d in range(1, DAYS + 1):
        n = n0 + PER_DAY * d
        b = boundary(n)
        settled = b // 512 + 1 if b != previous else 0
        yield math.ceil((n - b) / ITEMS) + settled, n - b
        previous = b


def content_defined(z, m, seed):
    rng = random.Random(seed)
    ends, last = [], 0
    for i in range(START + PER_DAY * DAYS):
        if (rng.getrandbits(64) >> (64 - z) == 0 and i + 1 - last >= m) or i + 1 - last >= 2 * m:
            last = i + 1
            ends.append(last)
    return lambda n: ([0] + ends)[bisect.bisect_right(ends, n)]


def report(name, runs):
    files = [f for run in runs for f, _ in run]
    newest = [a for run in runs for _, a in run]
    print(f"| {name} | {sum(files) / len(files):.1f} | {max(files)} | "
          f"{sum(newest) / len(newest):,.0f} / {max(newest):,} |")


print("| newest part | lookup files a day, mean | worst day | newest part's articles, mean / max |")
print("|---|---:|---:|---:|")
for z, m in [(11, 2048), (12, 4096), (13, 8192)]:
    report(f"Z = {z}, M = {m:,}",
           [list(days(content_defined(z, m, seed), START)) for seed in range(20)])
for e in [4096, 8192, 16384]:
    report(f"multiples of {e:,}",
           [list(days(lambda n: n // e * e, START + offset)) for offset in range(0, e, 97)])
