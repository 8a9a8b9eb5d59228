#!/usr/bin/env python3
"""End-to-end check of `rerank-site score --json` and `rerank-site tokenize --json` on the fixture
models: every case of Tests/Qwen3Tests/Fixtures/reranker_cases.json is scored through the command
line and compared with the transformers reference (scores within 1e-4, logits within 1e-3).

Usage: check_score_command.py [--binary .build/debug/rerank-site] [--models fixtures-generated/engine]
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "rerank-site"))
    ap.add_argument("--models", default=os.path.join(ROOT, "fixtures-generated", "engine"))
    args = ap.parse_args()
    with open(os.path.join(ROOT, "Tests", "Qwen3Tests", "Fixtures", "reranker_cases.json")) as f:
        fixture = json.load(f)

    max_logit = max_score = 0.0
    pairs = 0
    for case in fixture["cases"]:
        cmd = [args.binary, "score", "--model", os.path.join(args.models, case["model"]),
               "--query", case["query"], "--max-length", str(case["max_length"]), "--json"]
        if case["instruction"] is not None:
            cmd += ["--instruction", case["instruction"]]
        cmd += ["--"] + case["documents"]
        out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        results = out["results"]
        assert [r["index"] for r in results] == list(range(len(case["documents"]))), results
        for got, want in zip(results, case["expected"]):
            assert got["tokens"] == len(want["ids"]), (case["query"], got, len(want["ids"]))
            assert got["truncated"] == want["truncated"], (case["query"], got)
            max_logit = max(max_logit, abs(got["logit"] - want["logit"]))
            max_score = max(max_score, abs(got["score"] - want["score"]))
            pairs += 1

    tok = subprocess.run([args.binary, "tokenize", "--model", os.path.join(args.models, "tied-bf16"), "--json",
                          "--", "<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n", "yes"],
                         check=True, capture_output=True, text=True).stdout.splitlines()
    assert [json.loads(line)["ids"] for line in tok] == [fixture["suffix_ids"], [9693]], tok

    print(f"score command vs transformers over {pairs} pairs: max |dlogit| = {max_logit:.3g}, "
          f"max |dscore| = {max_score:.3g}")
    if max_logit > 1e-3 or max_score > 1e-4:
        sys.exit("error: command scores differ from the reference")


if __name__ == "__main__":
    main()
