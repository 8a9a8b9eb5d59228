#!/usr/bin/env python3
"""Small random-weight BERT cross-encoders (transformers' BertForSequenceClassification, one label)
in the real Hugging Face layout, and their scores from transformers.

Models use the real all-MiniLM-L6-v2 WordPiece tokenizer.json (vocab 30522):
  ce-f32    f32, hidden 32, 2 layers, 4 heads, intermediate 64, 128 positions
  ce-bf16   bf16, hidden 48, 3 layers, 6 heads, intermediate 96, 96 positions
Weights come from splitmix64 (scripts/engine/make_fixture_models.py), so `--weights-only` (CI:
numpy only) reproduces them bit-exactly; their SHA-256 is recorded in the fixture JSON.

  make_cross_encoder_fixture.py --out DIR --tokenizer TOKENIZER_JSON --weights-only   # CI
  make_cross_encoder_fixture.py --out DIR --tokenizer TOKENIZER_JSON                  # dev: + torch,
      rewrites Tests/EncodersTests/Fixtures/cross_encoder_cases.json (ids, token types, logits)
"""
import argparse
import hashlib
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts", "engine"))
from make_fixture_models import tensor_bytes, write_safetensors  # noqa: E402

FIXTURE_JSON = os.path.join(ROOT, "Tests", "EncodersTests", "Fixtures", "cross_encoder_cases.json")
VOCAB = 30522
MODELS = {
    "ce-f32": dict(hidden=32, layers=2, heads=4, intermediate=64, positions=128, dtype="f32", seed=505),
    "ce-bf16": dict(hidden=48, layers=3, heads=6, intermediate=96, positions=96, dtype="bf16", seed=606),
}
PAIRS = [
    ("how do I restart a frozen router", "Unplug the router for thirty seconds, then plug it back in."),
    ("how do I restart a frozen router", "Bananas are rich in potassium and easy to digest."),
    ("分手后不想哭，想笑得洒脱", "我笑着挥手说再见，眼泪却在转身时决堤"),
    ("naïve café", "Crème brûlée à la carte; ÅNGSTRÖM"),
    ("short", "a much longer document " * 40),
    ("a much longer query " * 40, "short document"),
    ("a long query " * 30, "and an even longer document " * 30),
    ("", "empty query"),
    ("[CLS] written [SEP] in text", "[MASK] tokens"),
    ("كيف أحوّل ملف PDF إلى نص", "Use pdfplumber: open the file and join page.extract_text()."),
]
MAX_LENGTHS = {"ce-f32": 64, "ce-bf16": 96}


def encoder_tensors(m, vocab, prefix, type_vocab):
    """(name, shape, low, high) of a BERT-family encoder's tensors (embeddings and layers), in
    checkpoint order; also used by make_xlmr_fixture.py."""
    h, inter = m["hidden"], m["intermediate"]
    lin = lambda fan_in: (-(3.0 / fan_in) ** 0.5, (3.0 / fan_in) ** 0.5)  # noqa: E731
    out = [(prefix + "embeddings.word_embeddings.weight", (vocab, h), -0.3, 0.3),
           (prefix + "embeddings.position_embeddings.weight", (m["positions"], h), -0.3, 0.3),
           (prefix + "embeddings.token_type_embeddings.weight", (type_vocab, h), -0.3, 0.3),
           (prefix + "embeddings.LayerNorm.weight", (h,), 0.6, 1.4),
           (prefix + "embeddings.LayerNorm.bias", (h,), -0.1, 0.1)]
    for i in range(m["layers"]):
        p = f"{prefix}encoder.layer.{i}."
        for name in ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"]:
            out += [(p + name + ".weight", (h, h), *lin(h)), (p + name + ".bias", (h,), -0.1, 0.1)]
        out += [(p + "attention.output.LayerNorm.weight", (h,), 0.6, 1.4), (p + "attention.output.LayerNorm.bias", (h,), -0.1, 0.1),
                (p + "intermediate.dense.weight", (inter, h), *lin(h)), (p + "intermediate.dense.bias", (inter,), -0.1, 0.1),
                (p + "output.dense.weight", (h, inter), *lin(inter)), (p + "output.dense.bias", (h,), -0.1, 0.1),
                (p + "output.LayerNorm.weight", (h,), 0.6, 1.4), (p + "output.LayerNorm.bias", (h,), -0.1, 0.1)]
    return out


def dense(name, out_features, in_features, weight=None, bias=(-0.1, 0.1)):
    """A linear layer's weight and bias entries; weights uniform in ±sqrt(3/in) unless given."""
    bound = (3.0 / in_features) ** 0.5
    return [(name + ".weight", (out_features, in_features), *(weight or (-bound, bound))),
            (name + ".bias", (out_features,), *bias)]


def tensors(m):
    h = m["hidden"]
    return (encoder_tensors(m, VOCAB, "bert.", 2) + dense("bert.pooler.dense", h, h)
            + dense("classifier", 1, h, (-1.0, 1.0), (-0.5, 0.5)))


def config(m):
    return {"architectures": ["BertForSequenceClassification"], "model_type": "bert", "hidden_size": m["hidden"],
            "num_hidden_layers": m["layers"], "num_attention_heads": m["heads"], "intermediate_size": m["intermediate"],
            "max_position_embeddings": m["positions"], "type_vocab_size": 2, "vocab_size": VOCAB, "layer_norm_eps": 1e-12,
            "hidden_act": "gelu", "position_embedding_type": "absolute", "pad_token_id": 0,
            "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "id2label": {"0": "LABEL_0"},
            "label2id": {"LABEL_0": 0}, "torch_dtype": "float32" if m["dtype"] == "f32" else "bfloat16"}


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_model(out, name, m, tokenizer):
    folder = os.path.join(out, name)
    os.makedirs(folder, exist_ok=True)
    write_safetensors(os.path.join(folder, "model.safetensors"),
                      [(n, s, tensor_bytes(m["seed"], n, s, lo, hi, m["dtype"])) for n, s, lo, hi in tensors(m)], m["dtype"])
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config(m), f, indent=2, sort_keys=True)
    shutil.copyfile(tokenizer, os.path.join(folder, "tokenizer.json"))
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump({"tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": m["positions"]}, f)
    return folder


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--tokenizer", required=True, help="the all-MiniLM-L6-v2 tokenizer.json")
    parser.add_argument("--weights-only", action="store_true")
    args = parser.parse_args()
    folders = {name: write_model(args.out, name, m, args.tokenizer) for name, m in MODELS.items()}
    files = {name: sha256(os.path.join(folder, "model.safetensors")) for name, folder in folders.items()}
    if args.weights_only:
        want = json.load(open(FIXTURE_JSON, encoding="utf-8"))["files"]
        for name, digest in files.items():
            if want.get(name) != digest:
                sys.exit(f"error: {name}/model.safetensors differs from the one the fixture was made from")
        return
    import torch
    import transformers
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    cases = []
    for name, folder in folders.items():
        model = AutoModelForSequenceClassification.from_pretrained(folder, torch_dtype=torch.float32).eval()
        tok = AutoTokenizer.from_pretrained(folder)
        queries = [q for q, _ in PAIRS]
        docs = [d for _, d in PAIRS]
        batch = tok(queries, docs, padding=True, truncation=True, max_length=MAX_LENGTHS[name], return_tensors="pt")
        with torch.no_grad():
            logits = model(**batch).logits[:, 0].tolist()
        for i, (q, d) in enumerate(PAIRS):
            mask = batch["attention_mask"][i].bool()
            cases.append({"model": name, "max_length": MAX_LENGTHS[name], "query": q, "document": d,
                          "ids": batch["input_ids"][i][mask].tolist(), "type_ids": batch["token_type_ids"][i][mask].tolist(),
                          "logit": logits[i]})
    fixture = {"about": "Written by scripts/encoders/make_cross_encoder_fixture.py; do not edit.",
               "versions": {"transformers": transformers.__version__, "torch": torch.__version__},
               "files": files, "cases": cases}
    with open(FIXTURE_JSON, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{FIXTURE_JSON}: {len(cases)} cases")


if __name__ == "__main__":
    main()
