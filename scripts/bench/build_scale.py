#!/usr/bin/env python3
"""How `rerank-site build` scales with the size of its input: cold and warm build time and peak RSS
for three generated workloads, with the baseline scorers (original + bm25).

  scripts/bench/build_scale.py                       # all three workloads, .build/release/rerank-site
  scripts/bench/build_scale.py --only wide --repeat 3
  scripts/bench/build_scale.py --binary path/to/rerank-site --keep
  scripts/bench/build_scale.py --against old/rerank-site --timeout 120   # an earlier version, same run

Workloads (generated deterministically from a fixed seed into a temporary folder):
  wide   1 case × 5,000 candidates
  many   2,000 cases × 20 candidates
  huge   1 case of about 20 MB (200 candidates of about 100,000 characters)

"cold" builds with a fresh cache (every pair scored), "warm" rebuilds the same project with the
cache the cold build left (every pair cached). Time is wall-clock seconds of the whole process and
its CPU seconds (user + system, which other load on the machine changes less); peak RSS is the
process's maximum resident set (wait4's ru_maxrss). With --repeat, the fastest run is shown. Build a release binary first:
`swift build -c release --product rerank-site`. Development only; not part of the test suite.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = 20261130

CONFIG = """title: build-scale benchmark
input: cases
output: site
cache: cache.sqlite
fusion: max
scorers:
  - id: original
    kind: original
  - id: bm25
    kind: bm25
"""


def vocabulary(rng, size=3000):
    syllables = ["ka", "lo", "mi", "ren", "ta", "shi", "vo", "qu", "el", "an", "dor", "pe", "su", "xi", "ny", "bra"]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def sentence_text(rng, vocab, chars):
    """About `chars` characters of sentences made of vocabulary words."""
    out, n = [], 0
    while n < chars:
        words = [rng.choice(vocab) for _ in range(rng.randint(6, 16))]
        s = " ".join(words).capitalize() + "."
        out.append(s)
        n += len(s) + 1
    return " ".join(out)


def case_text(rng, vocab, title, candidates, chars):
    query = " ".join(rng.choice(vocab) for _ in range(5))
    lines = ["---", f"title: {title}", "tags: [bench]", "---", "", f"Generated case {title}.", "",
             "## Query", "", query, "", "## Candidates", ""]
    qwords = query.split()
    for i in range(candidates):
        text = sentence_text(rng, vocab, chars)
        # A share of candidates mention query words, so BM25 has something to rank.
        if rng.random() < 0.3:
            text = " ".join(rng.sample(qwords, 2)) + " " + text
        lines.append(f"{i + 1}. {text} {{rel={rng.choice([0, 0, 0, 1, 2, 3])}}}")
    lines.append("")
    return "\n".join(lines)


def make_workload(name, folder):
    rng = random.Random(f"{SEED}-{name}")
    vocab = vocabulary(rng)
    cases = os.path.join(folder, "cases")
    os.makedirs(cases)
    with open(os.path.join(folder, "rerank-site.yml"), "w") as f:
        f.write(CONFIG)
    if name == "wide":
        specs = [("wide", 5000, 160)]
    elif name == "many":
        specs = [(f"case-{k:04d}", 20, 160) for k in range(2000)]
    elif name == "huge":
        specs = [("huge", 200, 100_000)]
    else:
        raise ValueError(name)
    total = 0
    for title, candidates, chars in specs:
        text = case_text(rng, vocab, title, candidates, chars)
        path = os.path.join(cases, title + ".md")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode("utf-8"))
    return total


def run_build(binary, folder, timeout=None):
    """(wall seconds, CPU seconds, peak RSS in MiB, exit status, stderr tail) of one `rerank-site build`;
    a build still running after `timeout` seconds is killed and its seconds are None."""
    start = time.monotonic()
    err = tempfile.TemporaryFile()
    proc = subprocess.Popen([binary, "build"], cwd=folder, stdout=subprocess.DEVNULL, stderr=err)
    killed = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid != 0:
            break
        if timeout is not None and time.monotonic() - start > timeout:
            proc.kill()
            killed = True
        time.sleep(0.01)
    seconds = None if killed else time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err.seek(0)
    tail = err.read().decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    if killed:
        tail = [f"killed after {timeout:.0f} s"]
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, tail[0]


def measure(binary, folder, repeat, timeout, label):
    """Best cold and warm (seconds, cpu, rss) of `repeat` cold+warm pairs; seconds None when killed."""
    best, failed = {}, False
    for _ in range(repeat):
        for phase in ("cold", "warm"):
            if phase == "warm" and best["cold"][0] is None:
                best.setdefault("warm", (None, 0.0, 0.0))  # nothing was cached: a warm build would be cold
                continue
            if phase == "cold":
                for leftover in ("cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm"):
                    path = os.path.join(folder, leftover)
                    if os.path.exists(path):
                        os.remove(path)
            seconds, cpu, rss, rc, tail = run_build(binary, folder, timeout)
            shown = f"{seconds:.2f} s" if seconds is not None else "killed"
            print(f"  {label} {phase}: {shown}, {cpu:.2f} s CPU, {rss:.0f} MiB, exit {rc}: {tail}", file=sys.stderr)
            if seconds is None:
                best.setdefault(phase, (None, cpu, rss))
                continue
            if rc != 0:
                failed = True
            if phase not in best or best[phase][0] is None or seconds < best[phase][0]:
                best[phase] = (seconds, cpu, rss)
        if best["cold"][0] is None:
            break  # a killed cold build would be killed again
    return best, failed


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "rerank-site"))
    p.add_argument("--against", help="a second binary (an earlier version) run on the same workloads in the same "
                   "run, alternating with --binary; the table adds its times and the ratio")
    p.add_argument("--timeout", type=float, default=None, help="kill a build after this many seconds")
    p.add_argument("--only", action="append", choices=["wide", "many", "huge"],
                   help="run only this workload (repeatable)")
    p.add_argument("--repeat", type=int, default=1, help="cold+warm runs per workload; the best is shown")
    p.add_argument("--keep", action="store_true", help="keep the generated projects and print where")
    args = p.parse_args()
    for binary in filter(None, [args.binary, args.against]):
        if not os.access(binary, os.X_OK):
            sys.exit(f"error: {binary} is not an executable; build it with "
                     "`swift build -c release --product rerank-site` or pass --binary")

    names = args.only or ["wide", "many", "huge"]
    labels = {"wide": "1 case × 5,000 candidates", "many": "2,000 cases × 20 candidates",
              "huge": "1 case, 200 × 100,000 chars"}
    top = tempfile.mkdtemp(prefix="rerank-build-scale-")
    rows, failed = [], False
    try:
        for name in names:
            # Each binary gets its own copy of the project: an earlier version's site is not ours to replace.
            folder = os.path.join(top, name)
            size = make_workload(name, folder)
            best, bad = measure(args.binary, folder, args.repeat, args.timeout, name)
            failed = failed or bad
            other = None
            if args.against:
                other_folder = os.path.join(top, name + "-against")
                make_workload(name, other_folder)
                other, _ = measure(args.against, other_folder, args.repeat, args.timeout, name + " (against)")
            rows.append((labels[name], size, best["cold"], best["warm"], other))
    finally:
        if args.keep:
            print(f"projects kept in {top}", file=sys.stderr)
        else:
            shutil.rmtree(top, ignore_errors=True)

    def secs(x):
        return f"{x:.2f}" if x is not None else "killed"
    header = f"{'workload':<30} {'input':>9} {'cold s':>7} {'cpu s':>6} {'RSS':>7} {'warm s':>7} {'cpu s':>6} {'RSS':>7}"
    if args.against:
        header += f" | {'against: cold s':>15} {'warm s':>7} {'cold ×':>7} {'warm ×':>7}"
    print(header)
    for label, size, cold, warm, other in rows:
        line = (f"{label:<30} {size / 1e6:>7.1f}MB {secs(cold[0]):>7} {cold[1]:>6.2f} {cold[2]:>4.0f}MiB"
                f" {secs(warm[0]):>7} {warm[1]:>6.2f} {warm[2]:>4.0f}MiB")
        if other is not None:
            def ratio(a, b):
                if a is None or b is None:
                    return f"> {args.timeout / b:.0f}" if a is None and b and args.timeout else "n/a"
                return f"{a / b:.1f}"
            o_cold, o_warm = other["cold"][0], other.get("warm", (None,))[0]
            line += f" | {secs(o_cold):>15} {secs(o_warm):>7} {ratio(o_cold, cold[0]):>7} {ratio(o_warm, warm[0]):>7}"
        print(line)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"({os.cpu_count()} CPUs, load average {load:.1f} at the end; s = wall, cpu s = user + system;"
          " × = against's seconds over --binary's; targets: warm < 5 s, cold < 30 s)")
    if failed:
        sys.exit("error: a build failed (see above)")


if __name__ == "__main__":
    main()
