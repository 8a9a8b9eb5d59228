#!/usr/bin/env python3
"""How `rerank-site build` scales with the size of its input: cold and warm build time and peak RSS
for three generated workloads, with the baseline scorers (original + bm25).

  scripts/bench/build_scale.py                       # all three workloads, .build/release/rerank-site
  scripts/bench/build_scale.py --only wide --repeat 3
  scripts/bench/build_scale.py --binary path/to/rerank-site --keep

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


def run_build(binary, folder):
    """(wall seconds, CPU seconds, peak RSS in MiB, exit status, stderr tail) of one `rerank-site build`."""
    start = time.monotonic()
    proc = subprocess.Popen([binary, "build"], cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, tail[0]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "rerank-site"))
    p.add_argument("--only", action="append", choices=["wide", "many", "huge"],
                   help="run only this workload (repeatable)")
    p.add_argument("--repeat", type=int, default=1, help="cold+warm runs per workload; the best is shown")
    p.add_argument("--keep", action="store_true", help="keep the generated projects and print where")
    args = p.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"error: {args.binary} is not an executable; build it with "
                 "`swift build -c release --product rerank-site` or pass --binary")

    names = args.only or ["wide", "many", "huge"]
    labels = {"wide": "1 case × 5,000 candidates", "many": "2,000 cases × 20 candidates",
              "huge": "1 case, 200 × 100,000 chars"}
    top = tempfile.mkdtemp(prefix="rerank-build-scale-")
    rows, failed = [], False
    try:
        for name in names:
            folder = os.path.join(top, name)
            size = make_workload(name, folder)
            best = {}
            for _ in range(args.repeat):
                for phase in ("cold", "warm"):
                    if phase == "cold":
                        for leftover in ("cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm"):
                            path = os.path.join(folder, leftover)
                            if os.path.exists(path):
                                os.remove(path)
                    seconds, cpu, rss, rc, tail = run_build(args.binary, folder)
                    print(f"  {name} {phase}: {seconds:.2f} s, {cpu:.2f} s CPU, {rss:.0f} MiB, exit {rc}: {tail}",
                          file=sys.stderr)
                    if rc != 0:
                        failed = True
                    if phase not in best or seconds < best[phase][0]:
                        best[phase] = (seconds, cpu, rss)
            rows.append((labels[name], size, best["cold"], best["warm"]))
    finally:
        if args.keep:
            print(f"projects kept in {top}", file=sys.stderr)
        else:
            shutil.rmtree(top, ignore_errors=True)

    print(f"{'workload':<30} {'input':>9} {'cold s':>7} {'cpu s':>6} {'RSS':>7} {'warm s':>7} {'cpu s':>6} {'RSS':>7}")
    for label, size, cold, warm in rows:
        print(f"{label:<30} {size / 1e6:>7.1f}MB {cold[0]:>7.2f} {cold[1]:>6.2f} {cold[2]:>4.0f}MiB"
              f" {warm[0]:>7.2f} {warm[1]:>6.2f} {warm[2]:>4.0f}MiB")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"({os.cpu_count()} CPUs, load average {load:.1f} at the end; s = wall, cpu s = user + system;"
          " targets: warm < 5 s, cold < 30 s)")
    if failed:
        sys.exit("error: a build failed (see above)")


if __name__ == "__main__":
    main()
