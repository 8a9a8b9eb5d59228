#!/usr/bin/env python3
"""Runs a command and reports its peak memory, split into what the file mappings hold (the
model's weights, mapped from model.safetensors) and what the process allocated itself, as Linux
counts them (/proc/PID/status: VmHWM is the peak resident set; RssFile and RssAnon are sampled
every 0.1 s, so their peaks are close lower bounds). Development only; Linux only.

  scripts/bench/peak_memory.py -- .build/release/rerank-site bench --size 8b --cache-dir /work/models8b \\
      --precision bf16 --queries 1 --candidates 4 --threads 2

For issue 14's 8B target (bf16, peak ≤ 17 GiB): the 8B shape's weights are 16.4 GB of bf16 (two
1.2 GB vocabulary tables among them, of which a forward pass touches only the rows it reads), so
the resident peak is the layers' weights (≈ 13.9 GB) plus activations, key/value cache and kernel
panels.
"""
import os
import resource
import subprocess
import sys
import time


def status(pid):
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem"):
                    fields[key] = int(value.split()[0]) * 1024
    except OSError:
        pass
    return fields


def main():
    argv = sys.argv[1:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        sys.exit("usage: peak_memory.py -- COMMAND [ARGS…]")
    start = time.perf_counter()
    p = subprocess.Popen(argv)
    peak = {}
    while p.poll() is None:
        for key, value in status(p.pid).items():
            peak[key] = max(peak.get(key, 0), value)
        time.sleep(0.1)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    gib = lambda b: f"{b / 2**30:.2f} GiB"  # noqa: E731
    print(f"exit {p.returncode} after {time.perf_counter() - start:.1f} s; peak resident (VmHWM) "
          f"{gib(peak.get('VmHWM', 0))}, ru_maxrss {gib(usage.ru_maxrss * 1024)}; sampled peaks: file-backed "
          f"(weights' mapping) {gib(peak.get('RssFile', 0))}, anonymous (allocated) {gib(peak.get('RssAnon', 0))}",
          file=sys.stderr)
    sys.exit(p.returncode)


if __name__ == "__main__":
    main()
