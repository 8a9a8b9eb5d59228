#!/usr/bin/env python3
"""Bring-your-data at scale: import a generated BEIR set of 2,000 queries, then build its site.

  swift build -c release --product rerank-site
  scripts/bench/import_scale.py                        # .build/release/rerank-site
  scripts/bench/import_scale.py --binary path/to/rerank-site --queries 2000 --keep

The BEIR folder (generated from a fixed seed into a temporary folder) has a corpus of 60,000
documents of about 160 characters, 2,000 test queries, five judgments per query and a first-stage
run of 30 documents per query. The benchmark times, each as one whole process (wall seconds, CPU
seconds, peak RSS from wait4's ru_maxrss):

  import   rerank-site import beir DIR --run run.trec --top-k 20 --section beir --output cases
  cold     rerank-site build with the baselines (original + bm25) and a new cache
  warm     the same build again, every pair cached

and reports the largest HTML page of the site. Targets (issue 13): import < 10 s, cold < 30 s,
warm < 5 s, peak memory < 1 GB, every page < 1 MB. Development only; not part of the test suite.
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = 20261201
CONFIG = """title: import-scale benchmark
input: cases
output: site
cache: cache.sqlite
scorers:
  - id: original
    kind: original
  - id: bm25
    kind: bm25
"""


def make_beir(folder, queries, documents):
    rng = random.Random(SEED)
    syllables = ["ka", "lo", "mi", "ren", "ta", "shi", "vo", "qu", "el", "an", "dor", "pe", "su", "xi", "ny", "bra"]
    vocab = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(6000)})

    def text(chars):
        out, n = [], 0
        while n < chars:
            s = " ".join(rng.choice(vocab) for _ in range(rng.randint(6, 14))).capitalize() + "."
            out.append(s)
            n += len(s) + 1
        return " ".join(out)

    os.makedirs(os.path.join(folder, "qrels"))
    with open(os.path.join(folder, "corpus.jsonl"), "w", encoding="utf-8") as f:
        for d in range(documents):
            f.write(json.dumps({"_id": f"d{d}", "title": "", "text": text(160)}) + "\n")
    with open(os.path.join(folder, "queries.jsonl"), "w", encoding="utf-8") as f:
        for q in range(queries):
            f.write(json.dumps({"_id": f"q{q}", "text": " ".join(rng.choice(vocab) for _ in range(5))}) + "\n")
    with open(os.path.join(folder, "run.trec"), "w") as run, open(os.path.join(folder, "qrels", "test.tsv"), "w") as qrels:
        qrels.write("query-id\tcorpus-id\tscore\n")
        for q in range(queries):
            docs = rng.sample(range(documents), 30)
            for rank, d in enumerate(docs):
                run.write(f"q{q} Q0 d{d} {rank + 1} {30 - rank + rng.random():.4f} bm25\n")
            for d in rng.sample(docs[:25], 4) + [rng.randrange(documents)]:
                qrels.write(f"q{q}\td{d}\t{rng.choice([1, 1, 2, 3])}\n")
    return sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(folder) for f in fs)


def timed(cmd, cwd):
    """(wall seconds, CPU seconds, peak RSS MiB, exit status, last stderr line) of one process."""
    start = time.monotonic()
    err = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    err.seek(0)
    tail = (err.read().decode("utf-8", "replace").strip().splitlines() or [""])[-1]
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), tail


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "rerank-site"))
    p.add_argument("--queries", type=int, default=2000)
    p.add_argument("--documents", type=int, default=60000)
    p.add_argument("--keep", action="store_true", help="keep the generated folder and print where")
    args = p.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"error: {binary} is not an executable; build it with `swift build -c release --product rerank-site`")
    top = tempfile.mkdtemp(prefix="rerank-import-scale-")
    failed = False
    rows = []
    try:
        beir = os.path.join(top, "beir")
        size = make_beir(beir, args.queries, args.documents)
        project = os.path.join(top, "project")
        os.makedirs(project)
        with open(os.path.join(project, "rerank-site.yml"), "w") as f:
            f.write(CONFIG)
        steps = [
            ("import", [binary, "import", "beir", beir, "--run", os.path.join(beir, "run.trec"), "--top-k", "20",
                        "--section", "beir", "--output", "cases"]),
            ("cold build", [binary, "build"]),
            ("warm build", [binary, "build"]),
        ]
        for name, cmd in steps:
            seconds, cpu, rss, rc, tail = timed(cmd, project)
            print(f"  {name}: {seconds:.2f} s, {cpu:.2f} s CPU, {rss:.0f} MiB, exit {rc}: {tail}", file=sys.stderr)
            failed = failed or rc != 0
            rows.append((name, seconds, cpu, rss))
        pages = [os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(project, "site")) for f in fs if f.endswith(".html")]
        largest = max(((os.path.getsize(x), os.path.relpath(x, os.path.join(project, "site"))) for x in pages), default=None)
    finally:
        if args.keep:
            print(f"kept in {top}", file=sys.stderr)
        else:
            shutil.rmtree(top, ignore_errors=True)
    print(f"BEIR set: {args.queries} queries × 20 candidates (top-k of a 30-document run), corpus of "
          f"{args.documents} documents; {size / 1e6:.1f} MB of input")
    print(f"{'step':<12} {'wall s':>7} {'cpu s':>6} {'peak RSS':>9}")
    for name, seconds, cpu, rss in rows:
        print(f"{name:<12} {seconds:>7.2f} {cpu:>6.2f} {rss:>6.0f} MiB")
    if largest:
        print(f"{len(pages)} HTML pages; the largest is {largest[0] / 1e3:.0f} KB ({largest[1]})")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"({os.cpu_count()} CPUs, load average {load:.1f} at the end; targets: import < 10 s, cold < 30 s, "
          "warm < 5 s, peak RSS < 1 GiB, pages < 1 MB)")
    if failed:
        sys.exit("error: a step failed (see above)")


if __name__ == "__main__":
    main()
