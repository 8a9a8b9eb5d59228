#!/usr/bin/env python3
"""Writes small random-weight Qwen3-Embedding models in the published layout, and embeds texts on
them with the Qwen3-Embedding model card's transformers recipe (AutoModel + last_token_pool +
F.normalize, max_length truncation, left and right padding).

Models (vocab 151669, the real Qwen3 tokenizer.json with Qwen3-Embedding's post-processor, which
appends <|endoftext|>), weights from the same splitmix64 generator as make_fixture_models.py:
  embed-bf16   bf16, tensor names without the `model.` prefix (as Qwen3-Embedding's checkpoint), 4 / 2 heads
  embed-f32    f32, tensor names with the `model.` prefix (a causal-LM checkpoint), 2 / 2 heads, two shards
Each folder is in the sentence-transformers layout (modules.json: Transformer → Pooling lasttoken →
Normalize; config_sentence_transformers.json with the query prompt), as the hub's folders are.

Usage:
  make_embedding_fixture.py --out DIR --tokenizer TOKDIR --weights-only   # CI: numpy only, SHA-256 checked
  make_embedding_fixture.py --out DIR --tokenizer TOKDIR                  # dev: + torch/transformers,
      rewrites Tests/Qwen3Tests/Fixtures/embedding_cases.json (ids, vectors, cosines)
"""
import argparse
import hashlib
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_fixture_models as base  # noqa: E402

ROOT = base.ROOT
FIXTURE_JSON = os.path.join(ROOT, "Tests", "Qwen3Tests", "Fixtures", "embedding_cases.json")
EOS = 151643

MODELS = {
    "embed-bf16": dict(hidden=64, layers=2, heads=4, kv_heads=2, head_dim=32, intermediate=128,
                       theta=1000000.0, tied=True, dtype="bf16", shards=1, seed=404, bare=True),
    "embed-f32": dict(hidden=48, layers=3, heads=2, kv_heads=2, head_dim=16, intermediate=80,
                      theta=1000000.0, tied=True, dtype="f32", shards=2, seed=505, bare=False),
}

POST_PROCESSOR = {
    "type": "TemplateProcessing",
    "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "<|endoftext|>", "type_id": 0}}],
    "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "<|endoftext|>", "type_id": 0}},
             {"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "<|endoftext|>", "type_id": 1}}],
    "special_tokens": {"<|endoftext|>": {"id": "<|endoftext|>", "ids": [EOS], "tokens": ["<|endoftext|>"]}},
}

DEFAULT_TASK = "Given a web search query, retrieve relevant passages that answer the query"


def get_detailed_instruct(task_description, query):
    """The model card's query format."""
    return f"Instruct: {task_description}\nQuery:{query}"


LONG_DOC = ("The Great Barrier Reef is the world's largest coral reef system, composed of over 2,900 "
            "individual reefs and 900 islands stretching for over 2,300 kilometres. ") * 3

CASES = [
    # (task or None for the default, queries, documents, max_length, padding_side)
    (None, ["What is the capital of China?", "Explain gravity"],
     ["The capital of China is Beijing.",
      "Gravity is a force that attracts two bodies towards each other.",
      "北京是中华人民共和国的首都。"], 8192, "left"),
    ("Given a Chinese search query, retrieve relevant passages that answer the query", ["什么是机器学习？"],
     ["机器学习是人工智能的一个分支，它使计算机能够从数据中学习。",
      "今天天气很好，我们去公园散步吧。",
      "Machine learning is a field of study in artificial intelligence.",
      "深度学习（Deep Learning）是机器学习的子领域🙂"], 8192, "right"),
    ("Retrieve passages in any language that answer the question", ["Wie hoch ist die Zugspitze?"],
     ["Die Zugspitze ist mit 2962 m ü. NHN der höchste Gipfel Deutschlands.",
      "富士山の標高は3776メートルです。",
      "",
      "مرحبا بالعالم"], 8192, "left"),
    (None, ["Explain the Great Barrier Reef " * 6],
     [LONG_DOC, "Coral reefs.", "A short note about reefs\n\nwith\ttabs and  double spaces."], 40, "right"),
    (None, ["where is the reef?"], [LONG_DOC, "Queensland."], 40, "left"),
]


def tokenizer_json(tokenizer_dir):
    with open(os.path.join(tokenizer_dir, "tokenizer.json"), encoding="utf-8") as f:
        tok = json.load(f)
    tok["post_processor"] = POST_PROCESSOR
    return tok


def write_model(folder, m, tokenizer_dir):
    """Writes one model folder; returns {file: sha256} of every file in it but the tokenizer's."""
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(base.config_json(m), f, indent=2, sort_keys=True)
        f.write("\n")
    tensors = []
    for n, s, lo, hi in base.model_tensors(m):
        data = base.tensor_bytes(m["seed"], n, s, lo, hi, m["dtype"])
        tensors.append((n[len("model."):] if m["bare"] and n.startswith("model.") else n, s, data))
    if m["shards"] == 1:
        base.write_safetensors(os.path.join(folder, "model.safetensors"), tensors, m["dtype"])
    else:
        half = len(tensors) // 2
        weight_map = {}
        for i, shard in enumerate([tensors[:half], tensors[half:]]):
            file = f"model-{i + 1:05d}-of-00002.safetensors"
            base.write_safetensors(os.path.join(folder, file), shard, m["dtype"])
            weight_map.update({t[0]: file for t in shard})
        with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {"total_size": sum(len(t[2]) for t in tensors)}, "weight_map": weight_map},
                      f, indent=2, sort_keys=True)
            f.write("\n")
    with open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(tokenizer_dir), f, ensure_ascii=False)
    shutil.copyfile(os.path.join(tokenizer_dir, "tokenizer_config.json"), os.path.join(folder, "tokenizer_config.json"))
    # sentence-transformers layout, as Qwen/Qwen3-Embedding-0.6B has it.
    with open(os.path.join(folder, "modules.json"), "w") as f:
        json.dump([{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                   {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                   {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}],
                  f, indent=2)
        f.write("\n")
    os.makedirs(os.path.join(folder, "1_Pooling"))
    with open(os.path.join(folder, "1_Pooling", "config.json"), "w") as f:
        json.dump({"word_embedding_dimension": m["hidden"], "pooling_mode_cls_token": False,
                   "pooling_mode_mean_tokens": False, "pooling_mode_max_tokens": False,
                   "pooling_mode_mean_sqrt_len_tokens": False, "pooling_mode_weightedmean_tokens": False,
                   "pooling_mode_lasttoken": True, "include_prompt": True}, f, indent=2)
        f.write("\n")
    with open(os.path.join(folder, "config_sentence_transformers.json"), "w") as f:
        json.dump({"prompts": {"query": f"Instruct: {DEFAULT_TASK}\nQuery:", "document": ""},
                   "default_prompt_name": None, "similarity_fn_name": "cosine"}, f, indent=2)
        f.write("\n")
    hashes = {}
    for dirpath, _, files in os.walk(folder):
        for file in files:
            if file.startswith("tokenizer"):
                continue   # made from the tokenizer fixture, which its own script checks
            path = os.path.join(dirpath, file)
            with open(path, "rb") as f:
                hashes[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
    return dict(sorted(hashes.items()))


def last_token_pool(last_hidden_states, attention_mask):
    """The model card's pooling, verbatim."""
    import torch
    left_padding = (attention_mask[:, -1].sum() == attention_mask.shape[0])
    if left_padding:
        return last_hidden_states[:, -1]
    sequence_lengths = attention_mask.sum(dim=1) - 1
    batch_size = last_hidden_states.shape[0]
    return last_hidden_states[torch.arange(batch_size, device=last_hidden_states.device), sequence_lengths]


def embed_cases(out_dir):
    import torch
    import torch.nn.functional as F
    from transformers import AutoModel, AutoTokenizer

    results = []
    for name in MODELS:
        folder = os.path.join(out_dir, name)
        model = AutoModel.from_pretrained(folder, dtype=torch.float32).eval()
        for task, queries, documents, max_length, side in CASES:
            tokenizer = AutoTokenizer.from_pretrained(folder, padding_side=side)
            query_texts = [get_detailed_instruct(task or DEFAULT_TASK, q) for q in queries]
            texts = query_texts + documents
            batch = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
            full = tokenizer(texts, padding=False, truncation=False)["input_ids"]
            with torch.no_grad():
                hidden = model(**batch).last_hidden_state
            vectors = F.normalize(last_token_pool(hidden, batch["attention_mask"]), p=2, dim=1)
            scores = (vectors[:len(queries)] @ vectors[len(queries):].T).tolist()
            ids = [[int(t) for t, keep in zip(row, mask) if keep]
                   for row, mask in zip(batch["input_ids"].tolist(), batch["attention_mask"].tolist())]
            assert all(row[-1] == EOS for row in ids), "the post-processor did not append <|endoftext|>"
            results.append({
                "model": name, "task": task, "queries": queries, "query_texts": query_texts,
                "documents": documents, "max_length": max_length, "padding_side": side,
                "ids": ids, "full_lengths": [len(f) for f in full],
                "vectors": vectors.tolist(), "cosines": scores,
            })
            print(f"{name} {side} {max_length}: {[round(s, 4) for s in scores[0]]}", file=sys.stderr)
    return results


def check_sentence_transformers(out_dir, results):
    """The folders load in sentence-transformers (modules.json, 1_Pooling lasttoken, Normalize) and give
    the recipe's vectors: the layout is the published one, not only the weights."""
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    worst = 0.0
    for name in MODELS:
        model = SentenceTransformer(os.path.join(out_dir, name), device="cpu", model_kwargs={"dtype": torch.float32})
        for case in results:
            if case["model"] != name:
                continue
            model.max_seq_length = case["max_length"]
            got = model.encode(case["query_texts"] + case["documents"], convert_to_numpy=True)
            worst = max(worst, float(np.abs(got - np.array(case["vectors"])).max()))
    print(f"sentence-transformers vs the AutoModel recipe: max |diff| = {worst:.3g}", file=sys.stderr)
    assert worst < 1e-5, worst
    return worst


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "fixtures-generated", "engine"))
    ap.add_argument("--tokenizer", required=True, help="folder with the Qwen3 tokenizer.json, tokenizer_config.json")
    ap.add_argument("--weights-only", action="store_true",
                    help="write the models and check their SHA-256 against the fixture JSON (numpy only)")
    args = ap.parse_args()
    hashes = {name: write_model(os.path.join(args.out, name), m, args.tokenizer) for name, m in MODELS.items()}
    if args.weights_only:
        with open(FIXTURE_JSON) as f:
            recorded = json.load(f)["models"]
        for name, files in hashes.items():
            if recorded.get(name) != files:
                sys.exit(f"error: model {name}: generated files differ from the ones recorded in {FIXTURE_JSON}")
        print(f"wrote {len(hashes)} embedding models under {args.out} (SHA-256 checked)", file=sys.stderr)
        return
    results = embed_cases(args.out)
    st_diff = check_sentence_transformers(args.out, results)
    fixture = {"comment": "written by scripts/engine/make_embedding_fixture.py; Qwen3-Embedding model card "
                          "recipe (AutoModel, last_token_pool, F.normalize), fp32",
               "sentence_transformers_max_diff": st_diff,
               "eos_id": EOS, "default_task": DEFAULT_TASK, "models": hashes, "cases": results}
    with open(FIXTURE_JSON, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {FIXTURE_JSON}", file=sys.stderr)


if __name__ == "__main__":
    main()
