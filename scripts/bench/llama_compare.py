#!/usr/bin/env python3
"""Builds llama.cpp's llama-server from the source the llama-cpp-python sdist vendors, converts a
random-weight Qwen3-Reranker model (the one `rerank-site bench` writes) to GGUF F32, BF16 and Q8_0,
and times llama-server --reranking on a bench workload file, one request per query, next to
`rerank-site bench` on the same file. Development only (not part of CI); llama.cpp's code is
downloaded into --work, never into the repository.

  scripts/bench/llama_compare.py --workload /tmp/w48.json          # the workload `bench --dump-workload` wrote
  scripts/bench/llama_compare.py --workload w.json --types bf16 --precisions bf16
  scripts/bench/llama_compare.py --work /work/llama-build --build-only   # just build llama-server

Issue 14's 48 pairs: `rerank-site bench --queries 4 --candidates 12 --lengths log-uniform
--document-range 20-250 --dump-workload /tmp/w48.json` (then Ctrl-C once it says it wrote the file,
or let it finish). llama-server's /v1/rerank takes no instruction: its GGUF template puts in the
default one, so its prompts differ from the workload's by the instruction text (a few tokens).

The source comes from `pip download --no-binary llama-cpp-python --no-deps llama-cpp-python` (the
sdist alone; its build tools may be wheels). Needs cmake and a C++ compiler, and for the converter
numpy, torch, transformers and sentencepiece (llama.cpp's own gguf-py is used). llama.cpp's converter recognises a reranker by `qwen3-reranker` in the
model folder's name (the bench's folders are named so).
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def sh(cmd, **kw):
    print("$ " + " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, **kw)


def build(work, jobs):
    """llama.cpp from the llama-cpp-python sdist: returns (source folder, llama-server path)."""
    os.makedirs(work, exist_ok=True)
    server = glob.glob(os.path.join(work, "llama_cpp_python-*", "vendor", "llama.cpp", "build", "bin", "llama-server"))
    if server:
        return os.path.dirname(os.path.dirname(os.path.dirname(server[0]))), server[0]
    if not glob.glob(os.path.join(work, "llama_cpp_python-*.tar.gz")):
        sh([sys.executable, "-m", "pip", "download", "--no-binary", "llama-cpp-python", "--no-deps", "-d", work, "llama-cpp-python"])
    sdist = sorted(glob.glob(os.path.join(work, "llama_cpp_python-*.tar.gz")))[-1]
    with tarfile.open(sdist) as t:
        t.extractall(work)
    src = glob.glob(os.path.join(work, "llama_cpp_python-*", "vendor", "llama.cpp"))[0]
    b = os.path.join(src, "build")
    sh(["cmake", "-S", src, "-B", b, "-DCMAKE_BUILD_TYPE=Release", "-DGGML_NATIVE=ON", "-DLLAMA_CURL=OFF",
        "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=OFF"])
    sh(["cmake", "--build", b, "--target", "llama-server", "-j", str(jobs)])
    return src, os.path.join(b, "bin", "llama-server")


def convert(src, model, work, kind):
    out = os.path.join(work, f"{os.path.basename(model.rstrip('/'))}-{kind}.gguf")
    if os.path.exists(out):
        return out
    # The converter's own gguf-py (vendored); it also imports sentencepiece (pip install sentencepiece).
    env = dict(os.environ, PYTHONPATH=os.path.join(src, "gguf-py"))
    sh([sys.executable, os.path.join(src, "convert_hf_to_gguf.py"), model, "--outtype", kind, "--outfile", out + ".partial"], env=env)
    os.replace(out + ".partial", out)
    return out


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=3600) as r:
        return json.loads(r.read())


def serve_and_time(server, gguf, workload, threads, port):
    log = open(gguf + ".server.log", "w")
    p = subprocess.Popen([server, "-m", gguf, "--reranking", "-t", str(threads), "-tb", str(threads), "--port", str(port),
                          "-c", "16384", "-b", "8192", "-ub", "8192", "-np", "1"], stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(1200):
            if p.poll() is not None:
                raise SystemExit(f"llama-server exited with {p.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except Exception:
                time.sleep(0.5)
        url = f"http://127.0.0.1:{port}/v1/rerank"
        q0 = workload["queries"][0]
        post(url, {"query": q0["query"], "documents": q0["documents"][:2]})   # warm-up
        pairs, scores, start = 0, [], time.perf_counter()
        for q in workload["queries"]:
            answer = post(url, {"query": q["query"], "documents": q["documents"]})
            by_index = {r["index"]: r["relevance_score"] for r in answer["results"]}
            scores.append([by_index[i] for i in range(len(q["documents"]))])
            pairs += len(q["documents"])
        return pairs, time.perf_counter() - start, scores

    finally:
        p.terminate()
        p.wait()


# llama-server's /v1/rerank writes this instruction into every prompt (the GGUF's rerank template).
LLAMA_INSTRUCTION = "Given a web search query, retrieve relevant passages that answer the query"


def check_agreement(args, workload, llama_scores):
    """Scores the first query again with rerank-site (fp32) under llama-server's own instruction, so
    both sides see the same prompt, and prints the largest score difference per GGUF type: a check
    that the timed llama-server runs compute the same model, not a broken one."""
    q0 = dict(workload["queries"][0], instruction=LLAMA_INSTRUCTION)
    with tempfile.TemporaryDirectory() as tmp:
        w, d = os.path.join(tmp, "w.json"), os.path.join(tmp, "s.json")
        with open(w, "w") as f:
            json.dump({"queries": [q0]}, f)
        subprocess.run([args.rerank_site, "bench", "--model", args.model, "--workload", w, "--dump-scores", d,
                        "--precision", "fp32", "--threads", str(args.threads)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        with open(d) as f:
            ours = json.load(f)[0]
    for kind, scores in llama_scores.items():
        delta = max(abs(a - b) for a, b in zip(ours, scores[0]))
        print(f"llama-server {kind} vs rerank-site fp32, first query ({len(ours)} pairs, llama-server's instruction): "
              f"max |Δscore| {delta:.2e}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workload", required=True, help="a workload file written by rerank-site bench --dump-workload")
    ap.add_argument("--model", default=os.path.expanduser("~/.cache/rerank-site/bench/qwen3-reranker-0.6b-random-seed1"))
    ap.add_argument("--work", default="/tmp/llama-compare", help="where llama.cpp is downloaded, built and GGUFs written")
    ap.add_argument("--types", default="f32,bf16,q8_0")
    ap.add_argument("--precisions", default="fp32,bf16", help="rerank-site bench precisions to run on the same file")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--jobs", type=int, default=2, help="build jobs")
    ap.add_argument("--rerank-site", default=os.path.join(ROOT, ".build", "release", "rerank-site"))
    ap.add_argument("--build-only", action="store_true")
    args = ap.parse_args()

    src, server = build(args.work, args.jobs)
    if args.build_only:
        print(server)
        return
    with open(args.workload) as f:
        workload = json.load(f)
    rows, llama_scores = [], {}
    for i, kind in enumerate(t for t in args.types.split(",") if t):
        gguf = convert(src, args.model, args.work, kind)
        pairs, seconds, scores = serve_and_time(server, gguf, workload, args.threads, 8930 + i)
        rows.append((f"llama-server {kind.upper()}", pairs / seconds, seconds))
        llama_scores[kind] = scores
        print(f"llama-server {kind}: {pairs} pairs in {seconds:.2f} s = {pairs / seconds:.3f} pairs/s", file=sys.stderr)
    if llama_scores:
        check_agreement(args, workload, llama_scores)
    for p in (p for p in args.precisions.split(",") if p):
        out = subprocess.run([args.rerank_site, "bench", "--model", args.model, "--workload", args.workload, "--json",
                              "--precision", p, "--threads", str(args.threads)], cwd=ROOT, check=True,
                             stdout=subprocess.PIPE, text=True).stdout
        r = json.loads(out)["result"]
        rows.append((f"rerank-site {p}", r["pairsPerSecond"], r["scoreSeconds"]))
    best_llama = max((pps for name, pps, _ in rows if name.startswith("llama")), default=0)
    for name, pps, seconds in rows:
        ratio = f"  {pps / best_llama:.2f}× the best llama-server" if best_llama and name.startswith("rerank") else ""
        print(f"{name:22} {pps:.3f} pairs/s ({seconds:.2f} s){ratio}")


if __name__ == "__main__":
    main()
