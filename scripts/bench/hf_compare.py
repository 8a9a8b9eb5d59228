#!/usr/bin/env python3
"""Runs `rerank-site bench` and Hugging Face transformers (the official Qwen3-Reranker recipe:
one left-padded batch per query, fp32, full logits) on the same random-weight model and the same
pairs, and prints both throughputs and their ratio. Development only (needs torch and
transformers; not part of CI).

  scripts/bench/hf_compare.py                                 # 0.6B shape, HF on the first 3 queries
  scripts/bench/hf_compare.py -- --lengths log-uniform        # mostly short documents
  scripts/bench/hf_compare.py --hf-queries 4 --repeat 2 -- --batch-rows 1024
  scripts/bench/hf_compare.py --issue-workload --precisions fp32,bf16 --threads 2
                                                              # issue 14's 48 pairs, both precisions

--issue-workload is issue 14's workload: 4 queries × 12 documents of 20–250 tokens, transformers
on all 48 pairs (bench arguments `--queries 4 --candidates 12 --lengths log-uniform
--document-range 20-250`; the first 24 pairs have 5,000 prompt tokens, so about 10,000 in all, against
the issue's 9,105; the script prints transformers' count).
The issue's own held-out text was never committed; this is generated text of the same shape, the
same for every run (fixed seed).

With --precisions the bench runs once per precision (the later runs on the first run's workload
file, so every side scores the same pairs), transformers once, and each precision's ratio is
printed, with bf16's largest score and logit difference from fp32 on the whole workload.

Arguments after `--` go to `rerank-site bench`. The bench writes the workload it scored
(--dump-workload), its scores (--dump-scores) and the seconds of each query; transformers scores
the first --hf-queries whole queries, and the ratio is taken on exactly those pairs (rerank-site's
seconds for the same queries, which include computing the shared system text once). The script
also prints the bench's figures over the whole workload and the largest score difference, and,
when transformers scored every query, the work of each side's linear layers (transformers: every
padded position, and the vocabulary head at each; rerank-site: the tokens left after prefix
sharing) and the GFLOP/s rerank-site would need for 6×.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PREFIX = ("<|im_start|>system\nJudge whether the Document meets the requirements based on the Query "
          "and the Instruct provided. Note that the answer can only be \"yes\" or \"no\".<|im_end|>\n"
          "<|im_start|>user\n")
SUFFIX = "<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"


# Issue 14's workload: 4 queries × 12 documents of 20–250 tokens (log-uniform: mostly short).
ISSUE_WORKLOAD = ["--queries", "4", "--candidates", "12", "--lengths", "log-uniform", "--document-range", "20-250"]


def run_bench(binary, size, repeat, extra, workdir, precision=None, workload_file=None):
    tag = precision or "default"
    workload = os.path.join(workdir, f"workload-{tag}.json")
    scores = os.path.join(workdir, f"scores-{tag}.json")
    cmd = [binary, "bench", "--size", size, "--json", "--repeat", str(repeat),
           "--dump-workload", workload, "--dump-scores", scores] + extra
    if precision:
        cmd += ["--precision", precision]
    if workload_file:
        cmd += ["--workload", workload_file]
    print("$ " + " ".join(cmd), file=sys.stderr)
    out = subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    report = json.loads(out)
    with open(workload) as f:
        pairs = json.load(f)
    with open(scores) as f:
        native_scores = json.load(f)
    return report, pairs, native_scores, workload


def run_hf(folder, workload, queries, threads):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if threads:
        torch.set_num_threads(threads)
    tokenizer = AutoTokenizer.from_pretrained(folder, padding_side="left")
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()
    yes_id = tokenizer.convert_tokens_to_ids("yes")
    no_id = tokenizer.convert_tokens_to_ids("no")
    prefix_ids = tokenizer.encode(PREFIX, add_special_tokens=False)
    suffix_ids = tokenizer.encode(SUFFIX, add_special_tokens=False)
    max_length = 8192

    scores, pairs, tokens, padded, seconds = [], 0, 0, 0, 0.0
    for q in workload["queries"][:queries]:
        docs = q["documents"]
        # qwen3_reranker_transformers.py: format_instruction, process_inputs, compute_logits.
        texts = [f"<Instruct>: {q['instruction']}\n<Query>: {q['query']}\n<Document>: {d}" for d in docs]
        start = time.perf_counter()
        inputs = tokenizer(texts, padding=False, truncation="longest_first", return_attention_mask=False,
                           max_length=max_length - len(prefix_ids) - len(suffix_ids))
        for i, ids in enumerate(inputs["input_ids"]):
            inputs["input_ids"][i] = prefix_ids + ids + suffix_ids
        tokens += sum(len(ids) for ids in inputs["input_ids"])
        batch = tokenizer.pad(inputs, padding=True, return_tensors="pt", max_length=max_length)
        padded += batch["input_ids"].numel()
        with torch.no_grad():
            last = model(**batch).logits[:, -1, :]
            pair = torch.stack([last[:, no_id], last[:, yes_id]], dim=1)
            scores.append(torch.nn.functional.log_softmax(pair, dim=1)[:, 1].exp().tolist())
        seconds += time.perf_counter() - start
        pairs += len(docs)
        print(f"transformers: {pairs} pairs, {seconds:.1f} s", file=sys.stderr)
    return scores, pairs, tokens, padded, seconds


def head_gflop_per_token(folder):
    """GFLOP of the output head at one position: transformers' recipe computes the logits of the whole
    vocabulary at every position of the padded batch, then keeps the last."""
    with open(os.path.join(folder, "config.json")) as f:
        c = json.load(f)
    return 2 * c["hidden_size"] * c["vocab_size"] / 1e9


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rerank-site", default=os.path.join(ROOT, ".build", "release", "rerank-site"),
                    help="the binary (build it with: swift build -c release --product rerank-site)")
    ap.add_argument("--size", default="0.6b")
    ap.add_argument("--hf-queries", type=int, default=3, help="whole queries transformers scores (from the first)")
    ap.add_argument("--repeat", type=int, default=1, help="timed bench runs (the best is taken)")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's own)")
    ap.add_argument("--precisions", default="", help="comma-separated precisions to bench in turn (fp32,bf16)")
    ap.add_argument("--issue-workload", action="store_true",
                    help="issue 14's 48 pairs (4 queries × 12 documents of 20–250 tokens), transformers on all of them")
    ap.add_argument("bench_args", nargs="*", help="more arguments for rerank-site bench (after --)")
    args = ap.parse_args()
    if args.issue_workload:
        args.hf_queries = 4
        args.bench_args = ISSUE_WORKLOAD + args.bench_args

    precisions = [p for p in args.precisions.split(",") if p] or [None]
    runs = []
    with tempfile.TemporaryDirectory() as workdir:
        first_file = None
        for p in precisions:
            report, workload, native_scores, workload_file = run_bench(args.rerank_site, args.size, args.repeat,
                                                                       args.bench_args, workdir, p, first_file)
            first_file = first_file or workload_file
            runs.append((p, report, workload, native_scores))
    _, report, workload, native_scores = runs[0]
    r = report["result"]
    hf_scores, hf_pairs, hf_tokens, hf_padded, hf_seconds = run_hf(r["modelFolder"], workload, args.hf_queries, args.threads)
    if len(runs) > 1:
        report_precisions(runs, hf_scores, hf_pairs, hf_seconds)

    diff = max(abs(a - b) for hs, ns in zip(hf_scores, native_scores) for a, b in zip(hs, ns))
    hf_pps, hf_tps = hf_pairs / hf_seconds, hf_tokens / hf_seconds
    same_seconds = sum(r["querySeconds"][:len(hf_scores)])
    print(f"model                {r['modelShape']}, {r['modelFolder']}")
    print(f"rerank-site bench    {r['pairs']} pairs, {r['promptTokens']} prompt tokens in {r['scoreSeconds']:.2f} s: "
          f"{r['pairsPerSecond']:.2f} pairs/s, {r['promptTokensPerSecond']:.1f} tokens/s "
          f"(OpenBLAS {r['blasCore']}, {r['threads']} threads)")
    print(f"                     linear layers {r['linearGFLOPs']:.1f} GFLOP/s = {100 * report['linearFractionOfCeiling']:.1f}% of "
          f"the same-process sgemm ceiling {r['ceilingGFLOPs']:.1f} GFLOP/s; tokens/s = "
          f"{100 * report['tokensFractionOfCeiling']:.1f}% of what that ceiling allows; "
          f"peak {r['peakResidentBytes'] / 2**20:.0f} MiB; load {r['loadSeconds']:.2f} s")
    print(f"                     workload: {r['workload']}")
    print(f"transformers fp32    first {len(hf_scores)} queries: {hf_pairs} pairs, {hf_tokens} prompt tokens in "
          f"{hf_seconds:.2f} s: {hf_pps:.3f} pairs/s, {hf_tps:.1f} tokens/s")
    print(f"rerank-site          the same {hf_pairs} pairs in {same_seconds:.2f} s: {hf_pairs / same_seconds:.3f} pairs/s, "
          f"{hf_tokens / same_seconds:.1f} tokens/s")
    print(f"ratio                {hf_seconds / same_seconds:.2f}× on the same pairs "
          f"(whole workload vs those pairs: {r['pairsPerSecond'] / hf_pps:.2f}× pairs/s, "
          f"{r['promptTokensPerSecond'] / hf_tps:.2f}× tokens/s)")
    print(f"max |score rerank-site − score transformers| on those {hf_pairs} pairs: {diff:.2e}")
    if len(hf_scores) == r["queries"]:
        # Work of the linear layers (and transformers' head) on the whole workload; attention aside.
        per_token = r["linearGFLOPPerToken"]
        hf_gflop = hf_padded * (per_token + head_gflop_per_token(r["modelFolder"]))
        native_gflop = r["computedTokens"] * per_token
        hf_rate, native_rate = hf_gflop / hf_seconds, native_gflop / same_seconds
        print(f"work                 transformers: {hf_padded} padded positions × {hf_gflop / hf_padded:.3f} GFLOP "
              f"(layers and vocabulary head) = {hf_gflop / 1000:.1f} TFLOP, {hf_rate:.1f} GFLOP/s; rerank-site: "
              f"{r['computedTokens']} computed tokens × {per_token:.3f} GFLOP = {native_gflop / 1000:.1f} TFLOP, "
              f"{native_rate:.1f} GFLOP/s; {hf_gflop / native_gflop:.2f}× less work")
        print(f"                     6× would need rerank-site at {6 * hf_rate * native_gflop / hf_gflop:.1f} GFLOP/s "
              f"end to end in these terms (the CPU's FMA peak: scripts/bench/fma_peak.sh)")


def logit(score):
    score = min(max(score, 1e-300), 1 - 1e-16)
    return math.log(score / (1 - score))


def report_precisions(runs, hf_scores, hf_pairs, hf_seconds):
    """One line per precision on the same pairs, then each against the first (fp32)."""
    base = runs[0]
    print("precisions (same workload file, same process kind, one after the other):")
    for p, report, _, scores in runs:
        r = report["result"]
        same = sum(r["querySeconds"][:len(hf_scores)])
        diff = max(abs(a - b) for hs, ns in zip(hf_scores, scores) for a, b in zip(hs, ns))
        print(f"  {p:5} {r['precision']['precision']} via {r['precision']['kernel']}: {r['pairsPerSecond']:.3f} pairs/s "
              f"over {r['pairs']} pairs ({r['scoreSeconds']:.2f} s), linear {r['linearGFLOPs']:.1f} GFLOP/s = "
              f"{100 * report['linearFractionOfCeiling']:.1f}% of its GEMM ceiling {r['ceilingGFLOPs']:.1f} GFLOP/s; "
              f"vs transformers on its {hf_pairs} pairs: {hf_seconds / same:.2f}× (max |Δscore| {diff:.2e}); "
              f"peak {r['peakResidentBytes'] / 2**20:.0f} MiB")
        if p != base[0]:
            pairs = [(a, b) for qa, qb in zip(base[3], scores) for a, b in zip(qa, qb)]
            ds = max(abs(a - b) for a, b in pairs)
            dl = max(abs(logit(a) - logit(b)) for a, b in pairs)
            print(f"        vs {base[0]}: {base[1]['result']['scoreSeconds'] / r['scoreSeconds']:.2f}× faster, "
                  f"max |Δscore| {ds:.2e}, max |Δlogit| {dl:.2e} over {len(pairs)} pairs")


if __name__ == "__main__":
    main()
