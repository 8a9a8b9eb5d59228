#!/usr/bin/env python3
"""Pairs per second of the `kind: embedding` scorer with all-MiniLM-L6-v2 against
sentence-transformers on the same machine, in the same run, on the same work. Development only
(needs torch and sentence-transformers; not part of CI).

Two workloads:
  example   the showcase in inputs/ (every query and candidate; rewrites included)
  scale     --cases generated cases × --candidates candidates drawn from a pool of --pool distinct
            passages (shared candidates are the normal case for a bi-encoder), synthetic English

rerank-site side: the whole command `rerank-site build --scorer minilm` with a fresh cache and
output (case parsing, cache, metrics and HTML included); pairs = the build's scored pairs.
sentence-transformers side: `model.encode` of every distinct text once (batch 32, model loaded
beforehand, not timed) and the cosine of every pair, the same embed-once work the scorer does.
Each side runs --repeat times, alternating; the best time of each is reported.

  scripts/bench/minilm_speed.py [--binary .build/release/rerank-site] [--cases 2000] [--candidates 20]
"""
import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts", "encoders"))
import minilm_texts  # noqa: E402

WORDS = ("the a model query document search result rank rerank score first stage retrieval passage answer "
         "question user relevant label metric cache site build page fast slow memory token embedding vector "
         "cosine neural dense sparse lexical match word phrase sentence topic music lyric phone laptop battery "
         "python error install server request response latency throughput batch thread core cpu gpu").split()


def cpu_name():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip() + f", {os.cpu_count()} logical CPUs"
    except OSError:
        pass
    return platform.processor()


def sentence(rng, lo, hi):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi))).capitalize() + "."


def write_scale_project(folder, model, cases, candidates, pool):
    rng = random.Random(15)
    passages = [sentence(rng, 12, 40) for _ in range(pool)]
    os.makedirs(os.path.join(folder, "inputs"), exist_ok=True)
    work = []
    for c in range(cases):
        query = sentence(rng, 3, 10)
        docs = rng.sample(passages, candidates)
        work.append(([query], docs))
        lines = ["## Query", "", query, "", "## Candidates", ""] + [f"{i + 1}. {d}" for i, d in enumerate(docs)]
        with open(os.path.join(folder, "inputs", f"case{c:05d}.md"), "w") as f:
            f.write("\n".join(lines) + "\n")
    write_config(folder, model, "inputs")
    return work


def write_config(folder, model, inputs):
    with open(os.path.join(folder, "rerank-site.yml"), "w") as f:
        f.write(f"input: {inputs}\noutput: site\ncache: cache.sqlite\n"
                f"scorers:\n  - id: minilm\n    kind: embedding\n    model: {model}\n")


def time_rerank_site(binary, folder):
    for name in ["site", "cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm"]:
        path = os.path.join(folder, name)
        shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else (os.path.exists(path) and os.remove(path))
    start = time.perf_counter()
    run = subprocess.run([binary, "build", "--config", os.path.join(folder, "rerank-site.yml")],
                         capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"rerank-site failed:\n{run.stderr}")
    m = re.search(r"(\d+) pairs: (\d+) scored", run.stderr)
    return seconds, int(m.group(2))


def time_sentence_transformers(model, work):
    import numpy as np
    texts, seen = [], set()
    for queries, docs in work:
        for t in queries + docs:
            if t not in seen:
                seen.add(t)
                texts.append(t)
    start = time.perf_counter()
    vectors = model.encode(texts, batch_size=32, convert_to_numpy=True)
    index = {t: i for i, t in enumerate(texts)}
    pairs = 0
    for queries, docs in work:
        for q in queries:
            qv = vectors[index[q]]
            dv = vectors[[index[d] for d in docs]]
            _ = dv @ qv / (np.linalg.norm(dv, axis=1) * np.linalg.norm(qv))
            pairs += len(docs)
    return time.perf_counter() - start, pairs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "rerank-site"))
    parser.add_argument("--model", default=None, help="all-MiniLM-L6-v2 folder (default: scripts/install-minilm.sh's)")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--pool", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--only", choices=["example", "scale"])
    args = parser.parse_args()
    model_folder = args.model or subprocess.run([os.path.join(ROOT, "scripts", "install-minilm.sh")],
                                                capture_output=True, text=True, check=True).stdout.strip()
    model_folder = os.path.abspath(os.path.join(ROOT, model_folder))
    import torch
    from sentence_transformers import SentenceTransformer
    st = SentenceTransformer(model_folder, device="cpu")
    print(f"CPU: {cpu_name()}; torch {torch.__version__} with {torch.get_num_threads()} threads")
    workdir = tempfile.mkdtemp(prefix="minilm-speed-")
    try:
        workloads = []
        if args.only in (None, "example"):
            example = os.path.join(workdir, "example")
            os.makedirs(example)
            write_config(example, model_folder, os.path.join(ROOT, "inputs"))
            workloads.append(("example", example, minilm_texts.example_cases()))
        if args.only in (None, "scale"):
            scale = os.path.join(workdir, "scale")
            work = write_scale_project(scale, model_folder, args.cases, args.candidates, args.pool)
            workloads.append((f"{args.cases} cases x {args.candidates} candidates (pool {args.pool})", scale, work))
        for name, folder, work in workloads:
            ours, theirs = [], []
            for _ in range(args.repeat):
                ours.append(time_rerank_site(args.binary, folder))
                theirs.append(time_sentence_transformers(st, work))
            (s_ours, p_ours), (s_theirs, p_theirs) = min(ours), min(theirs)
            r_ours, r_theirs = p_ours / s_ours, p_theirs / s_theirs
            print(f"{name}: rerank-site {p_ours} pairs in {s_ours:.2f} s = {r_ours:.0f} pairs/s (whole build); "
                  f"sentence-transformers {p_theirs} pairs in {s_theirs:.2f} s = {r_theirs:.0f} pairs/s; "
                  f"ratio {r_ours / r_theirs:.2f}x (best of {args.repeat})")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
