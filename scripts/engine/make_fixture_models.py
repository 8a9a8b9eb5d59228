#!/usr/bin/env python3
"""Writes small random-weight Qwen3 reranker models in the real Hugging Face layout, and scores
multilingual cases on them with the official transformers recipe.

Models (vocab 151669, the real Qwen3 tokenizer.json) differ in what a loader must get right:
  tied-bf16      tied output rows, bf16, one model.safetensors, 4 heads / 2 kv heads, head_dim 32
  untied-f16     separate lm_head, f16, two shards + model.safetensors.index.json, 6 / 2, head_dim 16
  tied-f32       f32, one file, 2 / 2 heads (no grouping), head_dim 16, hidden 48, rope_theta 1e4
Weights come from splitmix64 (implemented here in numpy), so `--weights-only` reproduces them
bit-exactly without torch; every file's SHA-256 is recorded in the fixture JSON and checked.

Usage:
  make_fixture_models.py --out DIR --tokenizer TOKDIR --weights-only   # CI: numpy only
  make_fixture_models.py --out DIR --tokenizer TOKDIR                  # dev: + torch/transformers,
      rewrites Tests/Qwen3Tests/Fixtures/reranker_cases.json (prompt ids, logits yes−no, scores)
  make_fixture_models.py --tokenizer TOKDIR --bench DIR                # the real 0.6B shape, for timing
"""
import argparse
import hashlib
import json
import os
import shutil
import struct
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE_JSON = os.path.join(ROOT, "Tests", "Qwen3Tests", "Fixtures", "reranker_cases.json")
VOCAB = 151669

# Not a fixture: random weights of the real Qwen3-Reranker-0.6B shape, for timing (--bench DIR).
BENCH_MODEL = dict(hidden=1024, layers=28, heads=16, kv_heads=8, head_dim=128, intermediate=3072,
                   theta=1000000.0, tied=True, dtype="bf16", shards=1, seed=606)

MODELS = {
    "tied-bf16": dict(hidden=64, layers=2, heads=4, kv_heads=2, head_dim=32, intermediate=128,
                      theta=1000000.0, tied=True, dtype="bf16", shards=1, seed=101),
    "untied-f16": dict(hidden=64, layers=3, heads=6, kv_heads=2, head_dim=16, intermediate=96,
                       theta=1000000.0, tied=False, dtype="f16", shards=2, seed=202),
    "tied-f32": dict(hidden=48, layers=2, heads=2, kv_heads=2, head_dim=16, intermediate=80,
                     theta=10000.0, tied=True, dtype="f32", shards=1, seed=303),
}

# ---------------------------------------------------------------- deterministic weights

MASK64 = (1 << 64) - 1


def name_seed(model_seed, name):
    """FNV-1a 64 of the tensor name, mixed with the model's seed."""
    h = 0xCBF29CE484222325
    for b in name.encode():
        h = ((h ^ b) * 0x100000001B3) & MASK64
    return (h ^ (model_seed * 0x9E3779B97F4A7C15)) & MASK64


def splitmix_uniform(seed, n, start=0):
    """n uniforms in [0, 1) with 24-bit resolution: splitmix64 over counters start+1..start+n."""
    with np.errstate(over="ignore"):
        counters = np.arange(start + 1, start + n + 1, dtype=np.uint64)
        z = np.uint64(seed) + counters * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float64) / float(1 << 24)


def tensor_bytes(model_seed, name, shape, low, high, dtype, chunk=1 << 22):
    """The tensor's stored bytes, generated in chunks of the counter range (same values either way)."""
    seed, n, parts = name_seed(model_seed, name), int(np.prod(shape)), []
    for start in range(0, n, chunk):
        u = splitmix_uniform(seed, min(chunk, n - start), start)
        parts.append(to_bytes((low + (high - low) * u).astype(np.float32), dtype))
    return b"".join(parts)


def to_bytes(values, dtype):
    if dtype == "f32":
        return values.astype("<f4").tobytes()
    if dtype == "f16":
        return values.astype("<f2").tobytes()
    # bf16: round fp32 to nearest even on the upper 16 bits.
    bits = values.astype("<f4").view("<u4").astype(np.uint64)
    rounded = (bits + np.uint64(0x7FFF) + ((bits >> np.uint64(16)) & np.uint64(1))) >> np.uint64(16)
    return rounded.astype("<u2").tobytes()


def model_tensors(m):
    """(name, shape, low, high) of every tensor, in checkpoint order."""
    h, q, kv, d, inter = m["hidden"], m["heads"] * m["head_dim"], m["kv_heads"] * m["head_dim"], \
        m["head_dim"], m["intermediate"]
    lin = lambda fan_in: (-(3.0 / fan_in) ** 0.5, (3.0 / fan_in) ** 0.5)  # noqa: E731
    out = [("model.embed_tokens.weight", (VOCAB, h), -0.3, 0.3)]
    for i in range(m["layers"]):
        p = f"model.layers.{i}."
        out += [
            (p + "input_layernorm.weight", (h,), 0.6, 1.4),
            (p + "self_attn.q_proj.weight", (q, h), *lin(h)),
            (p + "self_attn.k_proj.weight", (kv, h), *lin(h)),
            (p + "self_attn.v_proj.weight", (kv, h), *lin(h)),
            (p + "self_attn.o_proj.weight", (h, q), *lin(q)),
            (p + "self_attn.q_norm.weight", (d,), 0.5, 2.5),
            (p + "self_attn.k_norm.weight", (d,), 0.5, 2.5),
            (p + "post_attention_layernorm.weight", (h,), 0.6, 1.4),
            (p + "mlp.gate_proj.weight", (inter, h), *lin(h)),
            (p + "mlp.up_proj.weight", (inter, h), *lin(h)),
            (p + "mlp.down_proj.weight", (h, inter), *lin(inter)),
        ]
    out.append(("model.norm.weight", (h,), 0.6, 1.4))
    if not m["tied"]:
        out.append(("lm_head.weight", (VOCAB, h), -0.3, 0.3))
    return out


SAFETENSORS_DTYPE = {"bf16": "BF16", "f16": "F16", "f32": "F32"}


def write_safetensors(path, tensors, dtype):
    """tensors: list of (name, shape, bytes). Header keys sorted, padded to 8 bytes."""
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name, shape, data in tensors:
        header[name] = {"dtype": SAFETENSORS_DTYPE[dtype], "shape": list(shape),
                        "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for _, _, data in tensors:
            f.write(data)


def config_json(m):
    return {
        "architectures": ["Qwen3ForCausalLM"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "bos_token_id": 151643,
        "eos_token_id": 151645,
        "head_dim": m["head_dim"],
        "hidden_act": "silu",
        "hidden_size": m["hidden"],
        "initializer_range": 0.02,
        "intermediate_size": m["intermediate"],
        "max_position_embeddings": 40960,
        "max_window_layers": m["layers"],
        "model_type": "qwen3",
        "num_attention_heads": m["heads"],
        "num_hidden_layers": m["layers"],
        "num_key_value_heads": m["kv_heads"],
        "rms_norm_eps": 1e-06,
        "rope_scaling": None,
        "rope_theta": m["theta"],
        "sliding_window": None,
        "tie_word_embeddings": m["tied"],
        "torch_dtype": {"bf16": "bfloat16", "f16": "float16", "f32": "float32"}[m["dtype"]],
        "use_cache": True,
        "use_sliding_window": False,
        "vocab_size": VOCAB,
    }


def write_model(folder, name, m, tokenizer_dir):
    """Writes one model folder; returns {file: sha256} of the files it generated."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config_json(m), f, indent=2, sort_keys=True)
        f.write("\n")
    tensors = [(n, s, tensor_bytes(m["seed"], n, s, lo, hi, m["dtype"]))
               for n, s, lo, hi in model_tensors(m)]
    if m["shards"] == 1:
        write_safetensors(os.path.join(folder, "model.safetensors"), tensors, m["dtype"])
    else:
        # Split in checkpoint order into shards of about equal size.
        total = sum(len(t[2]) for t in tensors)
        shards, current, size = [], [], 0
        for t in tensors:
            current.append(t)
            size += len(t[2])
            if size >= total * (len(shards) + 1) / m["shards"] and len(shards) < m["shards"] - 1:
                shards.append(current)
                current = []
        shards.append(current)
        weight_map = {}
        for i, shard in enumerate(shards):
            file = f"model-{i + 1:05d}-of-{len(shards):05d}.safetensors"
            write_safetensors(os.path.join(folder, file), shard, m["dtype"])
            weight_map.update({t[0]: file for t in shard})
        with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f,
                      indent=2, sort_keys=True)
            f.write("\n")
    for file in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copyfile(os.path.join(tokenizer_dir, file), os.path.join(folder, file))
    hashes = {}
    for file in sorted(os.listdir(folder)):
        if file.startswith("tokenizer"):
            continue
        with open(os.path.join(folder, file), "rb") as f:
            hashes[file] = hashlib.sha256(f.read()).hexdigest()
    return hashes


# ---------------------------------------------------------------- reference scores

PREFIX = ("<|im_start|>system\nJudge whether the Document meets the requirements based on the Query "
          "and the Instruct provided. Note that the answer can only be \"yes\" or \"no\".<|im_end|>\n"
          "<|im_start|>user\n")
SUFFIX = "<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"
DEFAULT_INSTRUCTION = "Given a web search query, retrieve relevant passages that answer the query"

LONG_DOC = ("The Great Barrier Reef is the world's largest coral reef system, composed of over 2,900 "
            "individual reefs and 900 islands stretching for over 2,300 kilometres over an area of "
            "approximately 344,400 square kilometres. The reef is located in the Coral Sea, off the "
            "coast of Queensland, Australia. ") * 3

CASES = [
    # (instruction or None, query, documents, max_length)
    (None, "What is the capital of China?",
     ["The capital of China is Beijing.",
      "Gravity is a force that attracts two bodies towards each other.",
      "北京是中华人民共和国的首都。",
      "The capital of China is Beijing."], 8192),
    ("Given a Chinese search query, retrieve relevant passages that answer the query", "什么是机器学习？",
     ["机器学习是人工智能的一个分支，它使计算机能够从数据中学习。",
      "今天天气很好，我们去公园散步吧。",
      "Machine learning is a field of study in artificial intelligence.",
      "深度学习（Deep Learning）是机器学习的子领域🙂"], 8192),
    ("Retrieve passages in any language that answer the question", "Wie hoch ist die Zugspitze?",
     ["Die Zugspitze ist mit 2962 m ü. NHN der höchste Gipfel Deutschlands.",
      "富士山の標高は3776メートルです。",
      "La tour Eiffel mesure 330 mètres.",
      ""], 8192),
    (None, "Explain the Great Barrier Reef",
     [LONG_DOC, "Coral reefs.", "A short note about reefs\n\nwith\ttabs and  double spaces."], 96),
    (None, "where is the reef located? " * 4, [LONG_DOC, "Queensland."], 60),
]


def score_cases(out_dir, tokenizer_dir):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir, padding_side="left")
    prefix_ids = tokenizer.encode(PREFIX, add_special_tokens=False)
    suffix_ids = tokenizer.encode(SUFFIX, add_special_tokens=False)
    assert suffix_ids == [151645, 198, 151644, 77091, 198, 151667, 271, 151668, 271], suffix_ids
    yes_id = tokenizer.convert_tokens_to_ids("yes")
    no_id = tokenizer.convert_tokens_to_ids("no")
    assert (yes_id, no_id) == (9693, 2152), (yes_id, no_id)

    results = []
    for name in MODELS:
        folder = os.path.join(out_dir, name)
        model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()
        assert model.config.tie_word_embeddings == MODELS[name]["tied"]
        for instruction, query, documents, max_length in CASES:
            # qwen3_reranker_transformers.py: format_instruction, process_inputs, compute_logits.
            inst = instruction if instruction is not None else DEFAULT_INSTRUCTION
            pairs = [f"<Instruct>: {inst}\n<Query>: {query}\n<Document>: {doc}" for doc in documents]
            limit = max_length - len(prefix_ids) - len(suffix_ids)
            full = tokenizer(pairs, padding=False, truncation=False, return_attention_mask=False)
            inputs = tokenizer(pairs, padding=False, truncation="longest_first",
                               return_attention_mask=False, max_length=limit)
            prompts = []
            for i, ele in enumerate(inputs["input_ids"]):
                inputs["input_ids"][i] = prefix_ids + ele + suffix_ids
                prompts.append(inputs["input_ids"][i])
            batch = tokenizer.pad(inputs, padding=True, return_tensors="pt", max_length=max_length)
            with torch.no_grad():
                last = model(**batch).logits[:, -1, :]
            pair = torch.stack([last[:, no_id], last[:, yes_id]], dim=1)
            scores = torch.nn.functional.log_softmax(pair, dim=1)[:, 1].exp().tolist()
            logits = (last[:, yes_id] - last[:, no_id]).tolist()
            results.append({
                "model": name, "instruction": instruction, "query": query, "documents": documents,
                "max_length": max_length,
                "expected": [{"ids": ids, "logit": lg, "score": sc,
                              "truncated": len(f) > limit}
                             for ids, lg, sc, f in zip(prompts, logits, scores, full["input_ids"])],
            })
            print(f"{name}: {query[:30]!r}: scores {[round(s, 4) for s in scores]}", file=sys.stderr)
    return prefix_ids, suffix_ids, results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "fixtures-generated", "engine"))
    ap.add_argument("--tokenizer", required=True, help="folder with tokenizer.json, tokenizer_config.json")
    ap.add_argument("--weights-only", action="store_true",
                    help="write the models and check their SHA-256 against the fixture JSON (numpy only)")
    ap.add_argument("--bench", metavar="DIR",
                    help="only write a random model of the real 0.6B shape into DIR (for timing)")
    args = ap.parse_args()
    if args.bench:
        write_model(args.bench, "bench-0.6b", BENCH_MODEL, args.tokenizer)
        print(f"wrote {args.bench}", file=sys.stderr)
        return

    hashes = {name: write_model(os.path.join(args.out, name), name, m, args.tokenizer)
              for name, m in MODELS.items()}
    if args.weights_only:
        with open(FIXTURE_JSON) as f:
            recorded = json.load(f)["models"]
        for name, files in hashes.items():
            if recorded.get(name) != files:
                sys.exit(f"error: model {name}: generated files {files} differ from the recorded "
                         f"{recorded.get(name)} in {FIXTURE_JSON}")
        print(f"wrote {len(hashes)} models under {args.out} (SHA-256 checked)", file=sys.stderr)
        return

    prefix_ids, suffix_ids, results = score_cases(args.out, args.tokenizer)
    fixture = {"comment": "written by scripts/engine/make_fixture_models.py; official "
                          "qwen3_reranker_transformers.py recipe, fp32, left padding",
               "prefix_ids": prefix_ids, "suffix_ids": suffix_ids, "yes_id": 9693, "no_id": 2152,
               "models": hashes, "cases": results}
    with open(FIXTURE_JSON, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {FIXTURE_JSON}", file=sys.stderr)


if __name__ == "__main__":
    main()
