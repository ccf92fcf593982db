#!/usr/bin/env python3
"""Runs a command and prints "wall_seconds peak_rss_kb peak_anon_kb" on stderr's last line.

peak_rss_kb is the kernel's high-water mark of the process's resident set (what
`/usr/bin/time -v` calls "Maximum resident set size"): private memory plus the pages of
memory-mapped files it touched, such as index segments tantivy maps while merging.
peak_anon_kb is the largest private (anonymous) resident memory seen by sampling
/proc/PID/status every 20 ms: the memory the process itself allocated.

    benches/measure.py COMMAND [ARG...]   (the command's own output is discarded)
"""
import os
import subprocess
import sys
import time


def anon_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    started = time.monotonic()
    child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_anon = 0
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        peak_anon = max(peak_anon, anon_kb(child.pid))
        time.sleep(0.02)
    wall = time.monotonic() - started
    print(f"{wall:.2f} {usage.ru_maxrss} {peak_anon}", file=sys.stderr)


if __name__ == "__main__":
    main()
