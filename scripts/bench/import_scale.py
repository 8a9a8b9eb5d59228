#!/usr/bin/env python3
"""Bring-your-data at scale: import a generated BEIR set of 2,000 queries, then build its site.

  swift build -c release --product rerank-site
  scripts/bench/import_scale.py                        # .build/release/rerank-site
  scripts/bench/import_scale.py --binary path/to/rerank-site --queries 2000 --keep
  scripts/bench/import_scale.py --warm-repeat 5 --against path/to/other/rerank-site

The BEIR folder (generated from a fixed seed into a temporary folder) has a corpus of 60,000
documents of about 160 characters, 2,000 test queries, five judgments per query and a first-stage
run of 30 documents per query. The benchmark times, each as one whole process (wall seconds, CPU
seconds, peak RSS from wait4's ru_maxrss):

  import   rerank-site import beir DIR --run run.trec --top-k 20 --section beir --output cases
  cold     rerank-site build with the baselines (original + bm25) and a new cache
  warm     the same build again, every pair cached

and reports the largest HTML page of the site. `--warm-repeat N` times N warm builds (median
printed). `--against OTHER` also runs OTHER's warm builds on the same project, alternating with
the binary's (paired, so both see the same load), prints the ratio of the medians, and checks that
both write byte-identical sites. On a loaded machine compare the CPU seconds, which the load
changes far less than the wall times. Targets (issue 13): import < 10 s, cold < 30 s,
warm < 5 s, peak memory < 1 GB, every page < 1 MB. Development only; not part of the test suite.
"""
import argparse
import hashlib
import json
import statistics
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


def site_digest(project):
    """SHA-256 over every file of the project's site/ (paths and bytes), in path order."""
    h = hashlib.sha256()
    site = os.path.join(project, "site")
    for dp, _, fs in sorted(os.walk(site)):
        for f in sorted(fs):
            path = os.path.join(dp, f)
            h.update(os.path.relpath(path, site).encode() + b"\0")
            with open(path, "rb") as fh:
                h.update(fh.read())
    return h.hexdigest()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "rerank-site"))
    p.add_argument("--queries", type=int, default=2000)
    p.add_argument("--documents", type=int, default=60000)
    p.add_argument("--keep", action="store_true", help="keep the generated folder and print where")
    p.add_argument("--warm-repeat", type=int, default=1, help="warm builds to time (the median is printed)")
    p.add_argument("--against", help="another rerank-site binary whose warm builds alternate with these")
    args = p.parse_args()
    binary = os.path.abspath(args.binary)
    other = os.path.abspath(args.against) if args.against else None
    for b in [binary] + ([other] if other else []):
        if not os.access(b, os.X_OK):
            sys.exit(f"error: {b} is not an executable; build it with `swift build -c release --product rerank-site`")
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
        ]
        warm, other_warm = [], []
        for k in range(max(1, args.warm_repeat)):
            steps.append(("warm build", [binary, "build"]))
            if other:
                steps.append(("other warm", [other, "build"]))
        digests = {}
        for name, cmd in steps:
            seconds, cpu, rss, rc, tail = timed(cmd, project)
            print(f"  {name}: {seconds:.2f} s, {cpu:.2f} s CPU, {rss:.0f} MiB, exit {rc}: {tail}", file=sys.stderr)
            failed = failed or rc != 0
            if name == "warm build":
                warm.append((seconds, cpu, rss))
            elif name == "other warm":
                if rc == 0:
                    other_warm.append((seconds, cpu, rss))
            else:
                rows.append((name, seconds, cpu, rss))
            if name in ("warm build", "other warm") and rc == 0:
                digests.setdefault(name, set()).add(site_digest(project))
        for name, runs in (("warm build", warm), ("other warm", other_warm)):
            if runs:
                rows.append((name + (f" (median of {len(runs)})" if len(runs) > 1 else ""),
                             statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
                             max(r[2] for r in runs)))
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
    if other and warm and not other_warm:
        print("the other binary's warm builds all failed: no comparison")
    if other and warm and other_warm:
        print(f"warm build, this binary / other: wall {statistics.median(r[0] for r in warm) / statistics.median(r[0] for r in other_warm):.3f}, "
              f"CPU {statistics.median(r[1] for r in warm) / statistics.median(r[1] for r in other_warm):.3f} (medians, alternated)")
        # Both binaries must have written a site for the comparison to mean anything.
        same = ("other warm" in digests
                and len(digests.get("warm build", set()) | digests.get("other warm", set())) == 1)
        print("sites of both binaries: " + ("byte-identical" if same else "DIFFERENT"))
        failed = failed or not same

    if largest:
        print(f"{len(pages)} HTML pages; the largest is {largest[0] / 1e3:.0f} KB ({largest[1]})")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"({os.cpu_count()} CPUs, load average {load:.1f} at the end; targets: import < 10 s, cold < 30 s, "
          "warm < 5 s, peak RSS < 1 GiB, pages < 1 MB)")
    if failed:
        sys.exit("error: a step failed (see above)")


if __name__ == "__main__":
    main()
