#!/usr/bin/env python3
"""Writes Tests/RerankCoreTests/Fixtures/trec_eval.json: rankings with ties, unlabelled candidates
and unlabelled cases, and the value trec_eval itself (PyPI: pytrec-eval-terrier) gives each metric
on the run file rerank-site exports for them. Dev-only: the Swift tests read the JSON and need no
Python. Run from the repository root:  python3 scripts/metrics/make_trec_fixture.py

The run is written as data/*.run writes it (RerankCore.runFileScores): candidates in the site's
order (score descending, equal scores in first-stage order); trec_eval reads scores into C floats,
so a score that is not below the previous line's as a float is written as the next float below it,
and trec_eval's own tie rule (docid descending) never applies. The script also evaluates the raw scores and reports the cases where trec_eval's tie
rule would have given other values, to show the fixture exercises it."""
import json
import math
import random
import sys

import numpy as np
import pytrec_eval

METRICS = {  # rerank-site name -> trec_eval measure
    "ndcg@3": "ndcg_cut_3", "ndcg@5": "ndcg_cut_5", "ndcg@10": "ndcg_cut_10", "ndcg@20": "ndcg_cut_20",
    "map": "map", "mrr": "recip_rank",
    "p@1": "P_1", "p@5": "P_5", "p@10": "P_10", "p@20": "P_20",
    "recall@1": "recall_1", "recall@5": "recall_5", "recall@10": "recall_10", "recall@20": "recall_20",
}
MEASURES = {"ndcg_cut.3,5,10,20", "map", "recip_rank", "P.1,5,10,20", "recall.1,5,10,20"}


def site_order(scores):
    return sorted(range(len(scores)), key=lambda c: (-scores[c], c))


def run_file_scores(scores, order):
    """trec_eval keeps scores as C floats (TEXT_RESULTS.sim), so the order must hold in float32."""
    out = []
    for c in order:
        own = scores[c]
        if out and not np.float32(own) < np.float32(out[-1]):
            below = np.nextafter(np.float32(out[-1]), np.float32(-np.inf))
            out.append(float(below) if np.isfinite(below) else out[-1])
        else:
            out.append(own)
    return out


def make_cases(rng):
    cases = []
    # Hand-made corner cases first.
    cases.append(("all-tied", [0.5] * 6, [0, 1, None, 2, 0, 1]))
    cases.append(("tied-pairs", [0.9, 0.5, 0.9, 0.5, 0.1], [0, 2, 1, 0, 1]))
    cases.append(("all-zero-labels", [0.3, 0.2, 0.1], [0, 0, None]))
    cases.append(("unlabelled", [0.3, 0.2, 0.1], [None, None, None]))
    cases.append(("single", [1.0], [1]))
    cases.append(("ten-plus-ties", [1.0, 2.0] * 7, [1, 0, 0, 2, 0, 0, 3, 0, 0, 1, 0, 2, 0, 0]))
    cases.append(("negative-scores", [-3.5, -1.25, -1.25, -7.0, 0.0, -0.0], [0, 1, 3, 0, 2, 1]))
    cases.append(("adjacent-doubles", [0.5, math.nextafter(0.5, -math.inf), 0.5, 0.25], [1, 0, 2, 0]))
    # Distinct doubles that are one float: the site orders them, trec_eval alone would tie them.
    cases.append(("same-float", [0.1234567891, 0.1234567890, 0.7], [0, 1, 0]))
    # Random cases: few distinct scores (many ties), labels 0-3 with gaps, up to 30 candidates.
    for i in range(40):
        n = rng.randint(1, 30)
        levels = [round(rng.random(), 2) for _ in range(rng.randint(1, 6))]
        scores = [rng.choice(levels) for _ in range(n)]
        labelled = rng.random() > 0.1
        labels = [rng.choice([None, 0, 0, 0, 1, 1, 2, 3]) if labelled else None for _ in range(n)]
        cases.append((f"random-{i:02d}", scores, labels))
    return cases


def evaluate(qrels, run):
    evaluator = pytrec_eval.RelevanceEvaluator(qrels, MEASURES)
    return evaluator.evaluate(run)


def main():
    rng = random.Random(12)
    out_cases = []
    qrels, run, raw_run = {}, {}, {}
    for qid, scores, labels in make_cases(rng):
        order = site_order(scores)
        exported = run_file_scores(scores, order)
        run[qid] = {f"c{c}": s for c, s in zip(order, exported)}
        raw_run[qid] = {f"c{c}": scores[c] for c in range(len(scores))}
        if any(l is not None for l in labels):
            qrels[qid] = {f"c{c}": (l or 0) for c, l in enumerate(labels)}
        out_cases.append({"qid": qid, "scores": scores, "labels": labels, "order": order, "runScores": exported})
    values, raw_values = evaluate(qrels, run), evaluate(qrels, raw_run)
    differ = []
    for case in out_cases:
        got = values.get(case["qid"])
        case["expected"] = None if got is None else {name: got[measure] for name, measure in METRICS.items()}
        raw = raw_values.get(case["qid"])
        if got is not None and raw is not None and any(abs(got[m] - raw[m]) > 1e-12 for m in METRICS.values()):
            differ.append(case["qid"])
    # trec_eval leaves out queries that have no qrels: the site gives those cases no metrics.
    assert values.get("unlabelled") is None
    doc = {
        "generator": "scripts/metrics/make_trec_fixture.py",
        "reference": f"pytrec-eval-terrier {getattr(pytrec_eval, '__version__', '')}".strip(),
        "metrics": METRICS,
        "casesWhereTrecEvalTieRuleDiffers": differ,
        "cases": out_cases,
    }
    path = "Tests/RerankCoreTests/Fixtures/trec_eval.json"
    with open(path, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {path}: {len(out_cases)} cases, {len(qrels)} labelled; on {len(differ)} of them trec_eval's own"
          f" tie rule (raw scores) would give other values: {', '.join(differ[:6])}...", file=sys.stderr)


if __name__ == "__main__":
    main()
