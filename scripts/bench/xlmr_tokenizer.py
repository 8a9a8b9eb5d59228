#!/usr/bin/env python3
"""The SentencePiece Unigram tokenizer at XLM-R's size against HF tokenizers, on the same machine, in
the same run, on the same texts. Development only (needs numpy and tokenizers; not part of CI).

No real XLM-R tokenizer.json reaches this machine, so one of XLM-R's size is made: the fixture's
(Tests/EncodersTests/Fixtures/xlmr_tokenizer.json, nmt_nfkc charsmap, 3,002 pieces, bge-reranker-v2-m3's
layout) grown to --pieces pieces (default 250,002, XLM-R's vocabulary) with pieces cut from the same
texts (deterministic), under a tiny random-weight XLM-R encoder (hidden 16, 1 layer) in the
sentence-transformers layout, so that `rerank-site bench-encoder` times the tokenizer inside the
process (its `tokenize` stage) while the network costs next to nothing.

Texts: those of the MiniLM fixture (scripts/encoders/minilm_texts.py: the example's queries and
candidates, edge cases in 20 scripts, long seed-article excerpts) repeated --copies times, each cut
to 512 tokens on both sides. rerank-site: the `tokenize` seconds of bench-encoder (fastest of
--repeat, one thread) and `loadSeconds` (the model folder, tokenizer.json included); HF tokenizers:
`Tokenizer.from_file` and `encode` text by text on one thread (fastest of --repeat). The token
counts of both sides are compared.

  swift build -c release --product rerank-site
  scripts/bench/xlmr_tokenizer.py [--binary .build/release/rerank-site] [--repeat 3] [--pieces 250002]
"""
import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts", "encoders"))
sys.path.insert(0, os.path.join(ROOT, "scripts", "engine"))
import make_xlmr_fixture as fx  # noqa: E402
import minilm_texts  # noqa: E402
from make_cross_encoder_fixture import dense, encoder_tensors  # noqa: E402
from make_fixture_models import tensor_bytes, write_safetensors  # noqa: E402


def grown_tokenizer(pieces, texts):
    t = fx.bge_layout(json.load(open(fx.TOKENIZER_JSON, encoding="utf-8")))
    vocab = t["model"]["vocab"]
    mask = vocab.pop()
    have = {p for p, _ in vocab}
    rng = random.Random(0)
    words = [w for text in texts for w in text.split() if w]
    while len(vocab) < pieces - 1:
        # One or two fragments of the texts' words (one alone would run out of new pieces).
        parts = []
        for _ in range(rng.choice((1, 2, 2))):
            w = rng.choice(words)
            i = rng.randrange(len(w))
            parts.append(w[i:i + rng.randint(1, 5)])
        piece = ("\u2581" if rng.random() < 0.5 else "") + "".join(parts)
        if piece not in have:
            have.add(piece)
            vocab.append([piece, -rng.uniform(8.0, 16.0)])
    vocab.append(mask)
    for token in t["added_tokens"]:
        if token["content"] == "<mask>":
            token["id"] = len(vocab) - 1
    return t


def write_model(folder, tokenizer):
    vocab = len(tokenizer["model"]["vocab"])
    m = dict(hidden=16, layers=1, heads=2, intermediate=32, positions=514)
    os.makedirs(os.path.join(folder, "1_Pooling"))
    write_safetensors(os.path.join(folder, "model.safetensors"),
                      [(n, s, tensor_bytes(11, n, s, lo, hi, "f32"))
                       for n, s, lo, hi in encoder_tensors(m, vocab, "", 1) + dense("pooler.dense", 16, 16)], "f32")
    config = fx.config(dict(m, dtype="f32", head="mean"), vocab)
    json.dump(config, open(os.path.join(folder, "config.json"), "w"))
    json.dump(tokenizer, open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8"), ensure_ascii=False)
    json.dump([{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
               {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}],
              open(os.path.join(folder, "modules.json"), "w"))
    json.dump({"word_embedding_dimension": 16, "pooling_mode_mean_tokens": True},
              open(os.path.join(folder, "1_Pooling", "config.json"), "w"))
    json.dump({"max_seq_length": 512}, open(os.path.join(folder, "sentence_bert_config.json"), "w"))


def cpu_name():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "rerank-site"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pieces", type=int, default=250002)
    parser.add_argument("--copies", type=int, default=5)
    args = parser.parse_args()
    import tokenizers

    base = minilm_texts.all_texts()
    texts = [t for _ in range(args.copies) for t in base]
    work = tempfile.mkdtemp(prefix="xlmr-tokenizer-")
    try:
        folder = os.path.join(work, "model")
        write_model(folder, grown_tokenizer(args.pieces, base))
        with open(os.path.join(work, "texts.json"), "w", encoding="utf-8") as f:
            json.dump(texts, f, ensure_ascii=False)

        start = time.perf_counter()
        hf = tokenizers.Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
        hf_load = time.perf_counter() - start
        hf.enable_truncation(max_length=512)
        hf_best, hf_tokens = None, 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            hf_tokens = sum(len(hf.encode(t).ids) for t in texts)
            elapsed = time.perf_counter() - start
            hf_best = elapsed if hf_best is None else min(hf_best, elapsed)

        out = subprocess.run([args.binary, "bench-encoder", "--model", folder, "--texts", os.path.join(work, "texts.json"),
                              "--threads", "1", "--repeat", str(args.repeat), "--json"],
                             check=True, capture_output=True, text=True)
        ours = json.loads(out.stdout)
        tokenize = ours["stages"]["tokenize"]
        print(f"CPU: {cpu_name()}, {os.cpu_count()} cores; "
              f"{len(texts)} texts, vocabulary {args.pieces:,} pieces")
        print(f"tokens (special included, cut at 512): rerank-site {ours['tokens']:,}, HF tokenizers {hf_tokens:,}"
              + ("" if ours["tokens"] == hf_tokens else "  (DIFFER)"))
        print(f"load:     rerank-site {ours['loadSeconds']:.2f} s (model folder)   HF tokenizers {hf_load:.2f} s (tokenizer.json)")
        print(f"tokenize: rerank-site {tokenize:.3f} s = {hf_tokens / tokenize:,.0f} tokens/s   "
              f"HF tokenizers {hf_best:.3f} s = {hf_tokens / hf_best:,.0f} tokens/s   ratio {hf_best / tokenize:.2f}×")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
