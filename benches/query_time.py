#!/usr/bin/env python3
"""Times query processes of newsindex and the baseline, alternating them run by run.

    benches/query_time.py RUNS QUERIES.json

QUERIES.json is a list of [newsindex_argv, baseline_argv] pairs, one per query. Each pair
is run RUNS times, newsindex and the baseline one after the other, so both see the same
machine load; the wall time of each process (spawn to exit, output discarded) is taken
with a microsecond clock. Prints one line per query, "ni_ms pt_ms" (medians), and a last
line with the medians over the queries of both columns.
"""
import json
import statistics
import subprocess
import sys
import time


def wall_ms(argv):
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - started) * 1000


def main():
    runs, pairs = int(sys.argv[1]), json.load(open(sys.argv[2]))
    ni_all, pt_all = [], []
    for ni_argv, pt_argv in pairs:
        ni, pt = [], []
        for _ in range(runs):
            ni.append(wall_ms(ni_argv))
            pt.append(wall_ms(pt_argv))
        ni_all.append(statistics.median(ni))
        pt_all.append(statistics.median(pt))
        print(f"{ni_all[-1]:.1f} {pt_all[-1]:.1f}")
    print(f"{statistics.median(ni_all):.1f} {statistics.median(pt_all):.1f}")


if __name__ == "__main__":
    main()
