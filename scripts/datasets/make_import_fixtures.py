#!/usr/bin/env python3
"""Small BEIR, TREC, JSONL and CSV datasets for the import tests (standard library only).

    python3 scripts/datasets/make_import_fixtures.py --out fixtures-generated/datasets
    # dev only (pytrec-eval-terrier): also write the trec_eval reference the tests compare with
    python3 scripts/datasets/make_import_fixtures.py --out fixtures-generated/datasets \
        --expected Tests/DatasetsTests/Fixtures/trec_eval_ndcg.json

Everything comes from one seeded generator, so the files are byte-identical on every run. The run
has tied scores (trec_eval breaks ties by docid, in reverse order) and judged-relevant documents
below the cut, so the "missed" count and the restricted qrels are exercised.
"""
import argparse
import json
import os
import random

TOP_K = 10
WORDS = ("rerank query passage score model retrieval index token vector search ranking cross encoder "
         "relevance label judge corpus dense sparse hybrid latency batch 排序 检索 文档 模型").split()
ODD = ["# not a heading", "<b>bold?</b> & more", "a | b | c", "*stars* and `code`", "1. not a list item",
       "[link](x) text", "中文 段落 内容", "tab\tinside"]


def text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def build(rng):
    docs = {}
    for i in range(80):
        body = text(rng, rng.randint(6, 18))
        if i % 9 == 0:
            body = ODD[(i // 9) % len(ODD)] + " " + body
        docs[f"doc-{i}"] = {"title": text(rng, 3) if i % 4 == 0 else "", "text": body}
    queries = {f"q{i}": "how does " + text(rng, 4) for i in range(12)}
    test = [f"q{i}" for i in range(10)]          # q10, q11: another split
    run, qrels = {}, {}
    ids = sorted(docs)
    for q in test:
        picked = rng.sample(ids, 18)
        scores = [round(rng.uniform(5, 15), 1) for _ in picked]
        scores[3] = scores[4]                    # a tie
        run[q] = list(zip(picked, scores))
        judged = rng.sample(picked, 6) + rng.sample([d for d in ids if d not in picked], 2)
        qrels[q] = [(d, rng.choice([0, 1, 1, 2, 3])) for d in judged]
    return docs, queries, test, run, qrels


def write(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(line + "\n" for line in lines))


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--expected")
    args = ap.parse_args()
    rng = random.Random(13)
    docs, queries, test, run, qrels = build(rng)
    out = args.out
    run_lines = [f"{q} Q0 {d} {r + 1} {s} bm25" for q in test for r, (d, s) in enumerate(run[q])]
    # BEIR
    write(f"{out}/beir/corpus.jsonl", [dumps({"_id": d, "title": v["title"], "text": v["text"]}) for d, v in docs.items()])
    write(f"{out}/beir/queries.jsonl", [dumps({"_id": q, "text": t}) for q, t in queries.items()])
    write(f"{out}/beir/qrels/test.tsv", ["query-id\tcorpus-id\tscore"] + [f"{q}\t{d}\t{r}" for q in test for d, r in qrels[q]])
    write(f"{out}/beir/run.trec", run_lines)
    # TREC (MS MARCO style TSV: one line a document, so no tab or newline inside)
    write(f"{out}/trec/topics.tsv", [f"{q}\t{queries[q]}" for q in test])
    write(f"{out}/trec/docs.tsv", [f"{d}\t{(v['title'] + ' ' + v['text']).strip().replace(chr(9), ' ')}" for d, v in docs.items()])
    write(f"{out}/trec/run.trec", run_lines)
    write(f"{out}/trec/qrels.txt", [f"{q} 0 {d} {r}" for q in test for d, r in qrels[q]])
    # JSONL and CSV: hand-shaped cases with ids, labels, notes, instructions
    cases = [
        {"query": "what is BM25", "instruction": "Find the definition", "tags": ["basics"], "id": "bm25",
         "candidates": [{"text": "BM25 is a bag-of-words ranking function", "id": "d1", "label": 3, "note": "the answer"},
                        {"text": "<td>BM25</td> in a table", "id": "d2", "label": 0},
                        "a candidate without id or label"]},
        {"query": "重排序模型", "section": "zh", "rewrites": ["reranker model"],
         "candidates": [{"text": "Qwen3-Reranker 是一个重排序模型", "label": 2}, {"text": "天气预报", "label": 0}]},
    ]
    write(f"{out}/cases.jsonl", [dumps(c) for c in cases])
    write(f"{out}/cases.csv", [
        "qid,query,passage,grade,doc_id,note",
        'q1,what is BM25,"BM25 scores documents, by term frequency",2,d1,',
        'q1,what is BM25,"a ""quoted"" passage",0,d2,"a note"',
        'q2,second query,"two\nlines",1,x:1/2,',
    ])
    if args.expected:
        import pytrec_eval  # dev only
        # trec_eval's order: score descending, ties by docid in reverse byte order; then cut at TOP_K.
        ranked = {q: sorted(sorted(run[q], key=lambda p: p[0], reverse=True), key=lambda p: -p[1]) for q in test}
        cut = {q: dict(ranked[q][:TOP_K]) for q in test}
        restricted = {q: {d: r for d, r in qrels[q] if d in cut[q]} for q in test}
        evaluator = pytrec_eval.RelevanceEvaluator(restricted, {"ndcg_cut_10"})
        scores = evaluator.evaluate({q: {d: float(s) for d, s in cut[q].items()} for q in test})
        missed = {q: sum(1 for d, r in qrels[q] if r > 0 and d not in cut[q]) for q in test}
        expected = {"tool": "pytrec_eval " + getattr(pytrec_eval, "__version__", "?"), "top_k": TOP_K,
                    "ndcg_cut_10": {q: scores[q]["ndcg_cut_10"] for q in sorted(scores)},
                    "missed_relevant": missed,
                    "order": {q: [d for d, _ in ranked[q][:TOP_K]] for q in test}}
        with open(args.expected, "w", encoding="utf-8") as f:
            f.write(json.dumps(expected, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
