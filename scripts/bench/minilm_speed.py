#!/usr/bin/env python3
"""Pairs per second of the `kind: embedding` scorer with all-MiniLM-L6-v2 against
sentence-transformers on the same machine, in the same run, on the same work. Development only
(needs torch and sentence-transformers; not part of CI).

Two workloads:
  example   the showcase in inputs/ (every query and candidate; rewrites included)
  scale     --cases generated cases × --candidates candidates drawn from a pool of --pool distinct
            passages (shared candidates are the normal case for a bi-encoder), synthetic English

Like with like: both sides embed the same list of distinct texts (each query and candidate once,
as the scorer does), cut at the model's max_seq_length (256) by their own tokenizers, with the same
number of threads (torch.set_num_threads and OpenBLAS threads = --threads, default: every core).
Model loading is not timed on either side.

Two measurements per workload, reported separately:
  encode  the claim: the scorer's own encoding. rerank-site: `rerank-site bench-encoder` (the
          native encoder the scorer uses, timed inside the process: tokenizing, forward passes,
          pooling) in each --precisions; sentence-transformers: `model.encode(texts)` with its
          defaults (batch 32, sorted by length). pairs/s = the workload's pairs ÷ encode seconds.
          Also checks the vectors: max |Δ| per component and max |Δcos| over the pairs against
          sentence-transformers' vectors from the same run (and bf16 against fp32).
  build   context: the whole command `rerank-site build` with one embedding scorer, fresh cache
          and output (case parsing, SQLite writes, metrics and every HTML page included), per
          precision; pairs/s = the build's scored pairs ÷ wall seconds.
Each measurement runs --repeat times, the sides alternating; the best time of each is reported.

  swift build -c release --product rerank-site
  scripts/bench/minilm_speed.py [--only example|scale] [--repeat 3] [--precisions fp32,bf16]
                                [--binary .build/release/rerank-site] [--cases 2000] [--candidates 20]
"""
import argparse
import json
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


def cpu_flags():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                return " ".join(f for f in ("avx2", "avx512f", "avx512_bf16") if f in flags)
    except OSError:
        pass
    return "?"


def sentence(rng, lo, hi):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi))).capitalize() + "."


def write_scale_project(folder, cases, candidates, pool):
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
    return work


def write_config(folder, model, inputs, precision):
    lines = [f"input: {inputs}", "output: site", "cache: cache.sqlite", "scorers:", "  - id: minilm",
             "    kind: embedding", f"    model: {model}"]
    if precision != "fp32":
        lines.append(f"    precision: {precision}")
    with open(os.path.join(folder, "rerank-site.yml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def distinct_texts(work):
    texts, seen = [], set()
    for queries, docs in work:
        for t in queries + docs:
            if t not in seen:
                seen.add(t)
                texts.append(t)
    return texts


def pair_count(work):
    return sum(len(q) * len(d) for q, d in work)


def blas_env(threads):
    env = dict(os.environ)
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    return env


def time_build(binary, folder, threads):
    for name in ["site", "cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm"]:
        path = os.path.join(folder, name)
        shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else (os.path.exists(path) and os.remove(path))
    start = time.perf_counter()
    run = subprocess.run([binary, "build", "--config", os.path.join(folder, "rerank-site.yml")],
                         capture_output=True, text=True, env=blas_env(threads))
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"rerank-site build failed:\n{run.stderr}")
    m = re.search(r"(\d+) pairs: (\d+) scored", run.stderr)
    return seconds, int(m.group(2))


def native_encode(binary, model, texts_file, precision, threads, dump):
    run = subprocess.run([binary, "bench-encoder", "--model", model, "--texts", texts_file, "--precision", precision,
                          "--threads", str(threads), "--json", "--dump-embeddings", dump],
                         capture_output=True, text=True, env=blas_env(threads))
    if run.returncode != 0:
        sys.exit(f"rerank-site bench-encoder failed:\n{run.stderr}")
    return json.loads(run.stdout)


def vector_differences(a, b, work, texts):
    import numpy as np
    index = {t: i for i, t in enumerate(texts)}
    component = float(np.max(np.abs(a - b)))
    worst_cos = 0.0
    for queries, docs in work:
        rows = [index[d] for d in docs]
        for q in queries:
            qi = index[q]
            ca = a[rows] @ a[qi] / (np.linalg.norm(a[rows], axis=1) * np.linalg.norm(a[qi]) + 1e-30)
            cb = b[rows] @ b[qi] / (np.linalg.norm(b[rows], axis=1) * np.linalg.norm(b[qi]) + 1e-30)
            worst_cos = max(worst_cos, float(np.max(np.abs(ca.astype(np.float64) - cb.astype(np.float64)))))
    return component, worst_cos


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "rerank-site"))
    parser.add_argument("--model", default=None, help="all-MiniLM-L6-v2 folder (default: scripts/install-minilm.sh's)")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--pool", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--precisions", default="fp32,bf16", help="rerank-site precisions to run (fp32, bf16)")
    parser.add_argument("--only", choices=["example", "scale"])
    parser.add_argument("--skip-build", action="store_true", help="only the encode measurement")
    args = parser.parse_args()
    precisions = [p for p in args.precisions.split(",") if p]
    model_folder = args.model or subprocess.run([os.path.join(ROOT, "scripts", "install-minilm.sh")],
                                                capture_output=True, text=True, check=True).stdout.strip()
    model_folder = os.path.abspath(os.path.join(ROOT, model_folder))
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer
    torch.set_num_threads(args.threads)
    st = SentenceTransformer(model_folder, device="cpu")
    print(f"CPU: {cpu_name()} ({cpu_flags()}); load average {os.getloadavg()[0]:.1f}")
    print(f"sentence-transformers: torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"max_seq_length {st.max_seq_length}, batch 32; rerank-site: {args.binary}, {args.threads} OpenBLAS threads")
    workdir = tempfile.mkdtemp(prefix="minilm-speed-")
    try:
        workloads = []
        if args.only in (None, "example"):
            workloads.append(("example", os.path.join(ROOT, "inputs"), minilm_texts.example_cases()))
        if args.only in (None, "scale"):
            scale = os.path.join(workdir, "scale")
            work = write_scale_project(scale, args.cases, args.candidates, args.pool)
            workloads.append((f"{args.cases} cases x {args.candidates} candidates (pool {args.pool})",
                              os.path.join(scale, "inputs"), work))
        for name, inputs, work in workloads:
            texts = distinct_texts(work)
            pairs = pair_count(work)
            texts_file = os.path.join(workdir, "texts.json")
            with open(texts_file, "w") as f:
                json.dump(texts, f, ensure_ascii=False)
            print(f"\n{name}: {len(texts)} distinct texts, {pairs} pairs")
            # encode: alternate sentence-transformers and each rerank-site precision.
            ours = {p: [] for p in precisions}
            theirs = []
            reference = None
            for _ in range(args.repeat):
                start = time.perf_counter()
                vectors = st.encode(texts, batch_size=32, convert_to_numpy=True)
                theirs.append(time.perf_counter() - start)
                reference = vectors
                for p in precisions:
                    dump = os.path.join(workdir, f"vectors-{p}.json")
                    ours[p].append((native_encode(args.binary, model_folder, texts_file, p, args.threads, dump), dump))
            best_theirs = min(theirs)
            print(f"  encode  sentence-transformers: {best_theirs:.2f} s = {len(texts) / best_theirs:.0f} texts/s, "
                  f"{pairs / best_theirs:.0f} pairs/s (runs {', '.join(f'{t:.2f}' for t in theirs)} s)")
            vectors_by_precision = {}
            for p in precisions:
                result, dump = min(ours[p], key=lambda r: r[0]["seconds"])
                vectors_by_precision[p] = np.array(json.load(open(dump)), dtype=np.float32)
                s = result["seconds"]
                st_times = result["stages"]
                component, cosine = vector_differences(vectors_by_precision[p], reference, work, texts)
                runs = ", ".join(f"{r[0]['seconds']:.2f}" for r in ours[p])
                print(f"  encode  rerank-site {p}: {s:.2f} s = {len(texts) / s:.0f} texts/s, {pairs / s:.0f} pairs/s, "
                      f"{result['tokensPerSecond']:.0f} tokens/s; ratio {best_theirs / s:.2f}x (runs {runs} s)")
                print(f"          linear layers {result['linearGFLOPs']:.1f} GFLOP/s of a {result['ceilingGFLOPs']:.1f} GFLOP/s "
                      f"ceiling; split: tokenize {st_times['tokenize']:.2f}, linear {st_times['linear']:.2f}, "
                      f"attention {st_times['attention']:.2f}, GELU {st_times['gelu']:.2f}, "
                      f"LayerNorm {st_times['layerNorm']:.2f}, other {st_times['embeddings'] + st_times['pooling']:.2f} s")
                print(f"          vs sentence-transformers: max |Δ| per component {component:.2e}, max |Δcos| {cosine:.2e}")
            if "fp32" in vectors_by_precision and "bf16" in vectors_by_precision:
                component, cosine = vector_differences(vectors_by_precision["bf16"], vectors_by_precision["fp32"], work, texts)
                print(f"  bf16 vs fp32: max |Δ| per component {component:.2e}, max |Δcos| {cosine:.2e}")
            if args.skip_build:
                continue
            for p in precisions:
                project = os.path.join(workdir, f"build-{p}")
                os.makedirs(project, exist_ok=True)
                write_config(project, model_folder, inputs, p)
                runs = [time_build(args.binary, project, args.threads) for _ in range(args.repeat)]
                s, scored = min(runs)
                print(f"  build   rerank-site {p} (whole command, fresh cache): {scored} pairs in {s:.2f} s = "
                      f"{scored / s:.0f} pairs/s (runs {', '.join(f'{r[0]:.2f}' for r in runs)} s)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
