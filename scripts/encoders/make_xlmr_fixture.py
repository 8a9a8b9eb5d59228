#!/usr/bin/env python3
"""XLM-RoBERTa fixtures: a small SentencePiece Unigram tokenizer and random-weight XLM-R models in the
real Hugging Face layouts, with the ids, scores and vectors of the reference implementations.

The tokenizer (dev only: sentencepiece + transformers + protobuf) is a Unigram model trained with the
`nmt_nfkc` rule, so its precompiled_charsmap is the built-in table real XLM-R models carry, on the
texts of scripts/encoders/minilm_texts.py and the seed articles; transformers' XLMRobertaTokenizer
converts it to tokenizer.json (committed: Tests/EncodersTests/Fixtures/xlmr_tokenizer.json, the
layout transformers 5 writes: Precompiled; Sequence[WhitespaceSplit, Metaspace]). A second layout,
the one bge-reranker-v2-m3 / bge-m3 ship (Sequence[Precompiled, Replace(" {2,}" → " ")]; Metaspace
alone; `<mask>` with lstrip), is derived from it by `bge_layout` (pure JSON, no HF code).

Models (weights from splitmix64 as in scripts/engine/make_fixture_models.py, so `--weights-only`
reproduces them with numpy alone; SHA-256 in the fixture JSON):
  xlmr-ce         XLMRobertaForSequenceClassification, 1 label, f32, hidden 64, 2 layers, 4 heads,
                  intermediate 128, 130 positions (128 tokens), bge layout tokenizer
  xlmr-ce-bf16    the same shape in bf16 weights, hidden 48, 3 layers, transformers 5 layout tokenizer
  xlmr-emb-mean   XLMRobertaModel in the sentence-transformers layout, mean pooling (multilingual-e5)
  xlmr-emb-cls    the same with CLS pooling + Normalize (bge-m3), bge layout tokenizer

  make_xlmr_fixture.py --out DIR --weights-only   # CI: numpy only, checks the SHA-256
  make_xlmr_fixture.py --out DIR                  # dev: + torch, transformers, sentence-transformers,
      tokenizers; rewrites Tests/EncodersTests/Fixtures/xlmr_cases.json
  make_xlmr_fixture.py --out DIR --train          # dev: also retrains the tokenizer (rewrites xlmr_tokenizer.json)
"""
import argparse
import copy
import glob
import hashlib
import json
import os
import shutil
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts", "engine"))
sys.path.insert(0, HERE)
from make_fixture_models import tensor_bytes, write_safetensors  # noqa: E402
from make_cross_encoder_fixture import dense, encoder_tensors  # noqa: E402
import minilm_texts  # noqa: E402

FIXTURES = os.path.join(ROOT, "Tests", "EncodersTests", "Fixtures")
TOKENIZER_JSON = os.path.join(FIXTURES, "xlmr_tokenizer.json")
FIXTURE_JSON = os.path.join(FIXTURES, "xlmr_cases.json")
MODELS = {
    "xlmr-ce": dict(hidden=64, layers=2, heads=4, intermediate=128, positions=130, dtype="f32", seed=707,
                    head="classifier", layout="bge"),
    "xlmr-ce-bf16": dict(hidden=48, layers=3, heads=6, intermediate=96, positions=98, dtype="bf16", seed=808,
                         head="classifier", layout="hf5"),
    "xlmr-emb-mean": dict(hidden=64, layers=2, heads=4, intermediate=128, positions=130, dtype="f32", seed=909,
                          head="mean", layout="hf5"),
    "xlmr-emb-cls": dict(hidden=64, layers=2, heads=4, intermediate=128, positions=130, dtype="f32", seed=1010,
                         head="cls", layout="bge"),
}


def bge_layout(tokenizer):
    """tokenizer.json as bge-reranker-v2-m3 / bge-m3 ship it, from the transformers 5 layout."""
    t = copy.deepcopy(tokenizer)
    t["normalizer"] = {"type": "Sequence", "normalizers": [
        tokenizer["normalizer"], {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]}
    t["pre_tokenizer"] = {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True}
    for token in t["added_tokens"]:
        if token["content"] == "<mask>":
            token["lstrip"] = True
    return t


def first_layout(tokenizer):
    """The bge layout with Metaspace's prepend_scheme `first` (only the text's first piece gets "▁")."""
    t = bge_layout(tokenizer)
    t["pre_tokenizer"]["prepend_scheme"] = "first"
    return t


def tokenizer_layouts():
    base = json.load(open(TOKENIZER_JSON, encoding="utf-8"))
    return {"hf5": base, "bge": bge_layout(base), "first": first_layout(base)}


def write_layouts(out, layouts):
    """Each layout's tokenizer.json as out/layouts/NAME.json, for the tokenizer tests."""
    folder = os.path.join(out, "layouts")
    os.makedirs(folder, exist_ok=True)
    for name, tokenizer in layouts.items():
        with open(os.path.join(folder, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(tokenizer, f, ensure_ascii=False)


# ---- texts ------------------------------------------------------------------------------------------

FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in map(chr, range(0x21, 0x7F))}
EXTRA_TEXTS = [
    "ﬁne ﬂow ﬀ ﬃ ﬄ ﬅ ﬆ ĳ Ǆ ǉ", "① ② ⑳ ⑴ ⒜ ㉑ ㊿ Ⅳ ⅷ ½ ¾ ⅞ ² ³ ¹ ⁴ ₅", "㎏ ㎞ ㏄ ㍻ ㍿ ℡ ™ ℃ ℉ № ℅", "ℌ ℍ ℕ ℝ 𝐀 𝑎 𝔸 𝕏 𝟘 𝟙",
    "ｶﾀｶﾅ ﾊﾝｶｸ ｶﾞｷﾞ ﾟ ･ ｰ", "ﻻ ﻷ ﺍﻟﻌﺮﺑﻴﺔ ﷺ ﷽", "क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़", "ㄱ ㅏ ᄀ ᅡ ᆨ 가 각", "豈 更 車 賈 滑 﨎 﨏 丽 丸",
    "e\u0301\u0302 a\u0300\u0316 o\u0308\u0304 n\u0303 c\u0327 A\u030a", "\u0301 leading combining", "x\u0336s\u0336t\u0336r\u0336u\u0336c\u0336k",
    "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034dalgo",
    "tab\there", "tabs\t\t\tmany", "new\nline", "lines\n\n\nmany", "cr\rlf\r\n", "mixed \t\n \u3000 \u00a0 \u2003 spaces",
    "  leading spaces", "trailing spaces   ", "a    b     c      d", " ", "\t", "\n", "\u00a0nbsp\u00a0", "\u2028line\u2029para",
    "👍🏻 👍🏿 🧑🏽‍💻 👩‍❤️‍👨 🏳️‍🌈 🇯🇵 🇺🇳 1️⃣ #️⃣ ©️ ™️", "👨‍👩‍👧‍👦 family 🧑‍🤝‍🧑", "🫶🏼 🤌 🪿 🫎", "☺ ☺️ ♥ ♥️ ✔ ✔️",
    "中华人民共和国成立于一九四九年。", "繁體中文與簡體中文", "東京都渋谷区、ＪＲ山手線。", "ｱｲｳｴｵ アイウエオ あいうえお",
    "مرحبا بالعالم! كيف حالك؟", "السَّلَامُ عَلَيْكُمْ", "नमस्ते दुनिया। यह एक परीक्षण है।", "क्षत्रिय ज्ञान श्री",
    "Ελληνικά: άλφα βήτα", "Українська мова: ґ є ї", "ქართული ენა", "Հայերեն", "ខ្មែរ", "ລາວ", "မြန်မာ", "አማርኛ", "ᠮᠣᠩᠭᠣᠯ",
    "Ａ Ｂ Ｃ ａ ｂ ｃ ０ １ ２ ！ ？ （ ）", "ＡＢＣ１２３ｘｙｚ", "“quotes” ‘single’ „low“ «angle» ‹one›", "— – ‐ ‑ ‒ ― … ‥",
    "\u200b\u200c\u200d\u2060\ufeff zero width", "soft\u00adhyphen", "\u0000nul and \u0001 \u001f controls \u007f \u0085",
    "\ufffd replacement \ue000 private", "𠀀 𠀁 𪜀 𫝀 𰀀 CJK extensions", "<s> literal </s> markers", "a <mask> b", "a  <mask>  b",
    "<mask>", "x<mask>y", "<pad> <unk>", "<s></s>", "<s>x y", " <s> x", "\u200bx y", "x</s>y z", "¿Qué tal? ¡Bien!", "Ça va? Œuvre, Æsir, ß, Ø",
]
# Clusters under 6 bytes that begin with a key of the table are replaced whole (the mark goes with
# them); longer ones scalar by scalar: the grapheme rule of HF's Precompiled normalizer.
GRAPHEME_TEXTS = [
    "Ａ\u0301 ﬁ\u0301 ①\u0308 ㎏\u0301 \u00a0\u0301 Ⅻ\u0300", "ｶﾞ ｷﾟ ㇰ\u3099 か\u3099", "Ａ\u0301\u0302 ﬁ\u0301\u0301",
    "e\u0301 é ｅ\u0301", "\u3000\u0301 tab\t\u0301", "ﬃ\u0308x ＡＢ\u0301Ｃ",
]
EXTRA_TEXTS += GRAPHEME_TEXTS


def normalizer_texts():
    """Variants of the base texts that exercise the normalizer."""
    base = minilm_texts.EDGE_CASES + EXTRA_TEXTS
    out = []
    for i, t in enumerate(base):
        if i % 3 == 0:
            out.append("".join(FULLWIDTH.get(c, c) for c in t))
        if i % 4 == 1:
            out.append(unicodedata.normalize("NFD", t))
        if i % 5 == 2:
            out.append(t.replace(" ", "  \t "))
        if i % 7 == 3:
            out.append(unicodedata.normalize("NFKD", t))
    return out


def all_texts():
    seen, texts = set(), []
    for t in minilm_texts.all_texts() + EXTRA_TEXTS + normalizer_texts():
        if t not in seen:
            seen.add(t)
            texts.append(t)
    return texts


def long(text, n):
    return (text + " ") * n


PAIRS = [
    ("how do I restart a frozen router", "Unplug the router for thirty seconds, then plug it back in."),
    ("how do I restart a frozen router", "Bananas are rich in potassium and easy to digest."),
    ("分手后不想哭，想笑得洒脱", "我笑着挥手说再见，眼泪却在转身时决堤"),
    ("ｆｕｌｌｗｉｄｔｈ　ｑｕｅｒｙ", "ﬁne ligatures ① and ㎏"),
    ("كيف أحوّل ملف PDF إلى نص", "Use pdfplumber: open the file and join page.extract_text()."),
    ("नमस्ते", "东京都渋谷区、ＪＲ山手線。"),
    ("short", long("a much longer document about reranking", 40)),
    (long("a much longer query about search", 40), "short document"),
    (long("a long query", 30), long("and an even longer document", 30)),
    ("", "empty query"),
    ("a <mask> in the query", "<s> and </s> in the document"),
    ("emoji 👩‍❤️‍👨 🏳️‍🌈", "tabs\tand\nnewlines  and   spaces"),
    ("<pad> in a query", "and <pad> in the document: position padding_idx"),
]
MAX_LENGTHS = {"xlmr-ce": 128, "xlmr-ce-bf16": 64, "xlmr-emb-mean": 96, "xlmr-emb-cls": 128}


# ---- models -----------------------------------------------------------------------------------------

def tensors(m, vocab):
    h = m["hidden"]
    if m["head"] == "classifier":
        return (encoder_tensors(m, vocab, "roberta.", 1) + dense("classifier.dense", h, h)
                + dense("classifier.out_proj", 1, h, (-1.0, 1.0), (-0.5, 0.5)))
    return encoder_tensors(m, vocab, "", 1) + dense("pooler.dense", h, h)


def config(m, vocab):
    classifier = m["head"] == "classifier"
    c = {"architectures": ["XLMRobertaForSequenceClassification" if classifier else "XLMRobertaModel"],
         "model_type": "xlm-roberta", "hidden_size": m["hidden"], "num_hidden_layers": m["layers"],
         "num_attention_heads": m["heads"], "intermediate_size": m["intermediate"],
         "max_position_embeddings": m["positions"], "type_vocab_size": 1, "vocab_size": vocab, "layer_norm_eps": 1e-5,
         "hidden_act": "gelu", "position_embedding_type": "absolute", "pad_token_id": 1, "bos_token_id": 0,
         "eos_token_id": 2, "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
         "torch_dtype": "float32" if m["dtype"] == "f32" else "bfloat16"}
    if classifier:
        c.update({"id2label": {"0": "LABEL_0"}, "label2id": {"LABEL_0": 0}})
    return c


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_model(out, name, m, layouts):
    tokenizer = layouts[m["layout"]]
    vocab = len(tokenizer["model"]["vocab"])
    folder = os.path.join(out, name)
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    write_safetensors(os.path.join(folder, "model.safetensors"),
                      [(n, s, tensor_bytes(m["seed"], n, s, lo, hi, m["dtype"])) for n, s, lo, hi in tensors(m, vocab)], m["dtype"])
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config(m, vocab), f, indent=2, sort_keys=True)
    with open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False)
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump({"tokenizer_class": "XLMRobertaTokenizer", "model_max_length": m["positions"] - 2,
                   "bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "cls_token": "<s>",
                   "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>"}, f)
    if m["head"] in ("mean", "cls"):
        normalize = m["head"] == "cls"
        modules = [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                   {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]
        if normalize:
            modules.append({"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"})
            os.makedirs(os.path.join(folder, "2_Normalize"))
        with open(os.path.join(folder, "modules.json"), "w") as f:
            json.dump(modules, f, indent=2)
        os.makedirs(os.path.join(folder, "1_Pooling"))
        with open(os.path.join(folder, "1_Pooling", "config.json"), "w") as f:
            json.dump({"word_embedding_dimension": m["hidden"], "pooling_mode_cls_token": m["head"] == "cls",
                       "pooling_mode_mean_tokens": m["head"] == "mean", "pooling_mode_max_tokens": False,
                       "pooling_mode_mean_sqrt_len_tokens": False}, f, indent=2)
        with open(os.path.join(folder, "sentence_bert_config.json"), "w") as f:
            json.dump({"max_seq_length": MAX_LENGTHS[name], "do_lower_case": False}, f)
    return folder


# ---- the tokenizer (dev) ----------------------------------------------------------------------------

def train_tokenizer():
    import io
    import tempfile
    import sentencepiece as spm
    from transformers import XLMRobertaTokenizer
    corpus = minilm_texts.all_texts() + EXTRA_TEXTS
    for path in sorted(glob.glob(os.path.join(ROOT, "..", "shared", "seeds", "*.txt"))):
        corpus += [line for line in open(path, encoding="utf-8").read().splitlines() if line.strip()]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(corpus), model_writer=model, vocab_size=3000,
                                   model_type="unigram", normalization_rule_name="nmt_nfkc", character_coverage=0.995,
                                   hard_vocab_limit=False, num_threads=1, seed_sentencepiece_size=100000)
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "sentencepiece.bpe.model"), "wb") as f:
            f.write(model.getvalue())
        XLMRobertaTokenizer.from_pretrained(tmp).save_pretrained(os.path.join(tmp, "out"))
        tokenizer = json.load(open(os.path.join(tmp, "out", "tokenizer.json"), encoding="utf-8"))
    with open(TOKENIZER_JSON, "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False, indent=None)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--weights-only", action="store_true")
    parser.add_argument("--train", action="store_true")
    args = parser.parse_args()
    if args.train:
        train_tokenizer()
    layouts = tokenizer_layouts()
    write_layouts(args.out, layouts)
    folders = {name: write_model(args.out, name, m, layouts) for name, m in MODELS.items()}
    files = {name: sha256(os.path.join(folder, "model.safetensors")) for name, folder in folders.items()}
    if args.weights_only:
        want = json.load(open(FIXTURE_JSON, encoding="utf-8"))["files"]
        for name, digest in files.items():
            if want.get(name) != digest:
                sys.exit(f"error: {name}/model.safetensors differs from the one the fixture was made from")
        return
    import numpy as np
    import sentence_transformers
    import tokenizers
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    torch.set_num_threads(2)

    texts = all_texts()
    token_ids = {}
    for layout in ("hf5", "bge", "first"):
        tok = tokenizers.Tokenizer.from_str(json.dumps(layouts[layout]))
        token_ids[layout] = [tok.encode(t, add_special_tokens=False).ids for t in texts]
    # Every code point of planes 0–2 alone through the Precompiled normalizer: those it changes.
    norm = tokenizers.Tokenizer.from_str(json.dumps(layouts["hf5"])).normalizer
    changed = []
    for cp in range(0x30000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        n = norm.normalize_str(c)
        if n != c:
            changed.append([cp, n])

    # Model inputs come from tokenizer.json as HF tokenizers reads it (truncation longest first, as
    # transformers' truncation=True), which is what transformers 4 does. transformers 5's
    # XLMRobertaTokenizer instead puts its own normalizer and pre-tokenizer (Precompiled;
    # WhitespaceSplit + Metaspace) over the file's; on the bge layout that drops the "▁" pieces a
    # space before a special-token literal or at a text's end would give. Counted below.
    def file_inputs(folder, max_length, first, second=None):
        tok = tokenizers.Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
        tok.enable_truncation(max_length=max_length, strategy="longest_first")
        tok.no_padding()
        return [tok.encode(a, b).ids if b is not None else tok.encode(a).ids
                for a, b in zip(first, second if second is not None else [None] * len(first))]

    def padded(rows):
        width = max(len(r) for r in rows)
        ids = torch.tensor([r + [1] * (width - len(r)) for r in rows])
        mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows])
        return ids, mask

    pairs, transformers5_differs = [], 0
    for name in ("xlmr-ce", "xlmr-ce-bf16"):
        folder = folders[name]
        model = AutoModelForSequenceClassification.from_pretrained(folder, dtype=torch.float32).eval()
        rows = file_inputs(folder, MAX_LENGTHS[name], [q for q, _ in PAIRS], [d for _, d in PAIRS])
        ids, mask = padded(rows)
        with torch.no_grad():
            logits = model(input_ids=ids, attention_mask=mask).logits[:, 0].tolist()
        hf = AutoTokenizer.from_pretrained(folder)([q for q, _ in PAIRS], [d for _, d in PAIRS], truncation=True,
                                                   max_length=MAX_LENGTHS[name])["input_ids"]
        transformers5_differs += sum(a != b for a, b in zip(rows, hf))
        for i, (q, d) in enumerate(PAIRS):
            pairs.append({"model": name, "max_length": MAX_LENGTHS[name], "query": q, "document": d,
                          "ids": rows[i], "logit": logits[i]})
        # The score sentence-transformers' CrossEncoder gives is the sigmoid of this logit (first pairs,
        # whose ids every tokenizer pipeline agrees on).
        ce = sentence_transformers.CrossEncoder(folder, max_length=MAX_LENGTHS[name], device="cpu",
                                                model_kwargs={"dtype": torch.float32})
        st = ce.predict(PAIRS[:3])
        for k in range(3):
            assert rows[k] == hf[k]
            assert abs(float(st[k]) - 1 / (1 + np.exp(-logits[k]))) < 1e-5, (st[k], logits[k])

    embedding_texts = [t for t in texts if t.strip()][::3][:60] + [long("an embedding text over the limit", 60),
                                                                   "trailing space ", "x </s> y"]
    embeddings = []
    for name in ("xlmr-emb-mean", "xlmr-emb-cls"):
        model = SentenceTransformer(folders[name], device="cpu")
        rows = file_inputs(folders[name], MAX_LENGTHS[name], embedding_texts)
        vectors = []
        for start in range(0, len(rows), 16):
            ids, mask = padded(rows[start:start + 16])
            with torch.no_grad():
                vectors += model({"input_ids": ids, "attention_mask": mask})["sentence_embedding"].tolist()
        # sentence-transformers' own encode agrees wherever its tokenizer gives the same ids.
        direct = model.encode(embedding_texts[:3], convert_to_numpy=True)
        assert np.abs(direct - np.array(vectors[:3])).max() < 1e-5
        for t, ids, v in zip(embedding_texts, rows, vectors):
            embeddings.append({"model": name, "text": t, "ids": ids, "vector": [float(x) for x in v]})

    fixture = {"about": "Written by scripts/encoders/make_xlmr_fixture.py; do not edit.",
               "versions": {"transformers": transformers.__version__, "torch": torch.__version__,
                            "tokenizers": tokenizers.__version__, "sentence-transformers": sentence_transformers.__version__},
               "files": files, "transformers5_pairs_with_other_ids": transformers5_differs, "texts": texts, "ids": token_ids, "precompiled_changes": changed,
               "pairs": pairs, "embeddings": embeddings}
    with open(FIXTURE_JSON, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"{FIXTURE_JSON}: {len(texts)} texts, {len(changed)} changed code points, {len(pairs)} pairs, "
          f"{len(embeddings)} embeddings; transformers 5 tokenizes {transformers5_differs} pairs differently")


if __name__ == "__main__":
    main()
