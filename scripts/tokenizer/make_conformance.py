#!/usr/bin/env python3
"""Writes the tokenizer conformance fixtures: texts with the ids HF `tokenizers` gives them.

Outputs (under --out):
  conformance.jsonl     {"text": ..., "ids": [...]} per line: encode(text, add_special_tokens=False)
  decode.jsonl          {"ids": [...], "text": ...} per line: decode(ids) (skip_special_tokens=False)
  scalar_classes.txt    "first last class" ranges over every Unicode scalar, the class the Split
                        regex sees: L (\\p{L}), N (\\p{N}), S (\\s), O (anything else), measured
                        by running HF's pre-tokenizer on probe strings.

Texts are generated deterministically (fixed seed): hand-written tricky cases, sentences in many
scripts, emoji/ZWJ, code, numbers, contractions, all kinds of whitespace, added tokens inside text,
decomposed (NFD) Unicode, every canonically decomposable scalar, random mixtures and random scalars.

Usage: make_conformance.py --tokenizer tokenizer.json --out DIR
"""
import argparse
import json
import os
import random
import sys
import unicodedata

SEED = 20240611

SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>",
            "<|vision_pad|>", "<tool_call>", "</tool_call>", "<|fim_prefix|>", "<|file_sep|>",
            "<tool_response>", "<think>", "</think>"]

SENTENCES = {
    "en": [
        "The quick brown fox jumps over the lazy dog.",
        "Reranking improves retrieval quality by scoring query-document pairs jointly.",
        "It's what we've been waiting for, isn't it? They'll say they'd rather not.",
        "Dr. Smith's 3rd-quarter report (pp. 12-15) showed a 4.5% increase in revenue.",
        "Email me at someone@example.com or visit https://example.org/path?q=1&lang=en#top",
        "  Leading spaces, trailing spaces   ",
        "UPPERCASE SHOUTING AND lowercase whispering AnD mIxEd CaSe.",
    ],
    "zh": [
        "重排序模型根据查询和文档的相关性对候选结果重新打分。",
        "今天天气很好，我们去公园散步吧！",
        "深度学习在自然语言处理领域取得了巨大的进展，尤其是大规模预训练模型。",
        "《红楼梦》是中国古典四大名著之一，作者曹雪芹。",
        "这个问题的答案是：不一定。请参考第3章第2节。",
    ],
    "ja": [
        "東京は日本の首都です。カタカナとひらがなが混ざっています。",
        "私はコーヒーが好きですが、紅茶も飲みます。",
        "ｶﾀｶﾅの半角文字と全角ＡＢＣ１２３も含みます。",
    ],
    "ko": [
        "안녕하세요, 만나서 반갑습니다. 오늘 날씨가 좋네요.",
        "검색 결과를 다시 정렬하는 모델입니다.",
    ],
    "ar": [
        "مرحبا بالعالم، هذه جملة باللغة العربية.",
        "تعلم الآلة هو فرع من فروع الذكاء الاصطناعي.",
    ],
    "hi": [
        "नमस्ते दुनिया, यह हिंदी में एक वाक्य है।",
        "मशीन लर्निंग कृत्रिम बुद्धिमत्ता की एक शाखा है।",
    ],
    "th": [
        "สวัสดีครับ ยินดีที่ได้รู้จัก",
        "ภาษาไทยไม่มีการเว้นวรรคระหว่างคำ",
    ],
    "ru": [
        "Привет, мир! Это предложение на русском языке.",
        "Ранжирование документов по релевантности — важная задача.",
    ],
    "el": ["Γειά σου Κόσμε! Η γλώσσα είναι ελληνική."],
    "he": ["שלום עולם, זה משפט בעברית."],
    "vi": ["Tiếng Việt có rất nhiều dấu thanh và dấu phụ."],
    "fr": ["L'élève a reçu une très bonne note à l'examen d'aujourd'hui."],
    "de": ["Straße, Größe, Übermäßig — Ärger über Öl."],
    "misc": [
        "naïve café résumé coöperate Ångström",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕞𝕒𝕥𝕙 𝒮𝒸𝓇𝒾𝓅𝓉 ℌ𝔢𝔩𝔩𝔬",
        "Ⅻ ⅷ ½ ¾ ² ³ ① ⑳ ٣ ۴ ५ ๖ ０１２",
    ],
}

EMOJI = ["😀", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇨🇳", "🇺🇸", "❤️", "🧑🏿‍💻", "👩‍❤️‍💋‍👨", "🤷‍♀️", "✊🏻",
         "1️⃣", "©️", "🫠", "🦀", "🐍", "🎉🎉🎉"]

CODE = [
    "def f(x):\n    return x ** 2  # square\n",
    "for (int i = 0; i < n; ++i) {\n\tsum += a[i];\n}\n",
    "fn main() { println!(\"{}\", 1 + 2); }",
    "let xs: [Int32] = [1, 2, 3].map { $0 * 2 }",
    "SELECT id, name FROM users WHERE age >= 18 ORDER BY name;",
    "<div class=\"row\"><span>&nbsp;Hello</span></div>",
    "{\"key\": [1, 2.5, -3e10, null, true], \"nested\": {\"a\": \"b\"}}",
    "if __name__ == '__main__':\r\n    main()\r\n",
    "x=>x+1;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;\n\n\n",
    "    indented\n        more\n\t\ttabs\n",
    "a_b-c.d/e\\f|g~h`i^j",
    "#include <stdio.h>\nint main(void){printf(\"%d\\n\", 42);}",
]

WHITESPACE = [" ", "  ", "   ", "\t", "\n", "\r\n", "\r", "\n\n", " \n", "\n ", "\u00a0", "\u3000",
              "\u2028", "\u2029", "\u0085", "\u000b", "\u000c", "\u2000", "\u2003", "\u2009",
              "\u202f", "\u205f", "\u1680", "\u200b", "\ufeff", "\u180e", " \t ", "\t\n"]

WORDS = ["hello", "world", "don't", "DON'T", "We'Re", "I'M", "you'LL", "she'd", "it'S", "they'VE",
         "rock'n'roll", "o'clock", "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'x", "''", "'ſ",
         "123", "3.14159", "1,000,000", "-42", "0x1F", "1e-9", "２０２４年", "v1.2.3", "½",
         "中文", "日本語", "한국어", "العربية", "हिन्दी", "ภาษาไทย", "русский", "ελληνικά", "!!!",
         "...", "?!", "—", "«»", "“quotes”", "‘single’", "(", ")", "[x]", "{y}", "@", "#tag", "$5",
         "%", "^", "&", "*", "_", "+=", "==", "!=", "<=", "->", "::", "a.b.c", "ŉ", "ǅ", "ẞ", "ﬁ",
         "K", "Å", "Ω", "ⅰ"]

# Hand-picked edge cases for the regex and the added-token matcher.
TRICKY = [
    "", " ", "  ", "\n", "\r\n", "\r", "\t", "a", "'", "''", "'s", "'S", "'ſ", "'ll", "'LL", "'lL",
    "'l", "'re", "'Re", "'rE", "'ve", "'VE", "'m", "'M", "'d", "'D", "'t", "'T", " 's", "x's",
    "x'S'T'RE", "'''s", "' s", "don't", "DON'T", "We'Re", "I'M here", "o'clock", "'ſx",
    "   a", "a   ", "a   b", "a \n b", "a  \n  b", "a\n\n\nb", "a\r\n\r\nb", "a \r\n b",
    "\n\n", "  \n", "\n  ", " \n \n ", "a\t\tb", "\t\ta", "x\u00a0y", "x\u00a0\u00a0y",
    "x\u3000y", "\u3000\u3000x", "x\u2028y", "x\u2029y", "x\u0085y", "x\u000by", "x\u000cy",
    "end with space ", "end with spaces   ", "end with newline\n", "end with tabs\t\t",
    "123", "1234567890", "١٢٣", "१२३", "①②", "Ⅻ", "x1y2z3", "3.14", "-5", "1e10",
    "!@#$%^&*()", " !!", "!!\n", "!!\r\n\r\n", " ?\n", "..\n\nx", "<<>>", "a.b", "a..b",
    "\u200b", "a\u200bb", "\ufeffx", "a\u180eb", "\u00ad", "a\u00adb",
    "<|im_start|>", "<|im_end|>", "<|endoftext|>", "<think>", "</think>", "<think></think>",
    "<|im_start|>user\nhi<|im_end|>", "x<|im_end|>y", " <|im_end|> ", "<|im_end|><|im_end|>",
    "<|im_end", "|im_end|>", "<|im_end|", "<|IM_END|>", "<<|im_end|>>", "<|im_start|><|im_end|>",
    "<tool_call>{\"a\":1}</tool_call>", "<think>\n\n</think>\n\n", "a<think>b</think>c",
    "<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
    "<|im_start|>system\nJudge whether the Document meets the requirements based on the Query and "
    "the Instruct provided. Note that the answer can only be \"yes\" or \"no\".<|im_end|>\n"
    "<|im_start|>user\n",
    "<Instruct>: Given a web search query, retrieve relevant passages that answer the query\n"
    "<Query>: What is the capital of China?\n<Document>: The capital of China is Beijing.",
    "yes", "no", "Yes", "NO", " yes", " no",
    "e\u0301", "E\u0301", "a\u0308", "n\u0303", "\u1100\u1161\u11a8", "\u1100\u1161", "Å",
    "\u212b", "\u2126", "e\u0301\u0301", "e\u0323\u0302", "e\u0302\u0323", "\u0301", " \u0301",
    "x\u0301y", "<|im_end|>\u0301", "\u00e9\u0301", "ḱ", "k\u0301",
]


def rand_scalar(rng):
    """A random scalar, biased towards assigned blocks but covering the whole range."""
    r = rng.random()
    if r < 0.3:
        c = rng.randrange(0x20, 0x250)
    elif r < 0.6:
        c = rng.randrange(0x250, 0x3000)
    elif r < 0.8:
        c = rng.randrange(0x3000, 0x10000)
    else:
        c = rng.randrange(0x10000, 0x110000)
    if 0xD800 <= c < 0xE000:
        c = 0xFFFD
    return chr(c)


def pool(rng):
    all_sentences = [s for group in SENTENCES.values() for s in group]
    texts = list(TRICKY)
    texts += all_sentences
    texts += CODE
    texts += EMOJI
    texts += WORDS
    texts += [unicodedata.normalize("NFD", s) for s in all_sentences]
    texts += [unicodedata.normalize("NFKD", s) for s in SENTENCES["misc"]]
    # Whitespace between and around words, every kind in every position.
    for ws in WHITESPACE:
        texts += [f"a{ws}b", f"{ws}a", f"a{ws}", f"{ws}", f"{ws}{ws}a", f"a{ws}{ws}", f"!{ws}!",
                  f"{ws}'s", f"1{ws}2", f"中{ws}文", f"a{ws}\n", f"\n{ws}a", f"{ws} a"]
    # Contractions in random case and context.
    for _ in range(150):
        c = rng.choice(["s", "t", "re", "ve", "m", "ll", "d", "x", "ſ"])
        c = "".join(ch.upper() if rng.random() < 0.5 else ch for ch in c)
        pre = rng.choice(["it", "we", "DON", "I", "", " ", "1", "中", "!", "'", "\n"])
        post = rng.choice(["", " ", "x", "1", "!", "\n", "'s", "中", "  "])
        texts.append(f"{pre}'{c}{post}")
    # Random mixtures of words, whitespace, emoji, specials and sentences.
    pieces = WORDS + EMOJI + SPECIALS + [s[:20] for s in all_sentences]
    for _ in range(900):
        n = rng.randint(1, 12)
        out = []
        for _ in range(n):
            out.append(rng.choice(pieces))
            out.append(rng.choice(WHITESPACE) if rng.random() < 0.6 else "")
        texts.append("".join(out))
    # Sentences with random edits: NFD, case flips, specials spliced in.
    for _ in range(300):
        s = rng.choice(all_sentences + CODE)
        r = rng.random()
        if r < 0.3:
            s = unicodedata.normalize("NFD", s)
        elif r < 0.5:
            s = s.swapcase()
        elif r < 0.8:
            i = rng.randrange(len(s) + 1)
            s = s[:i] + rng.choice(SPECIALS) + s[i:]
        else:
            s = s + rng.choice(WHITESPACE) * rng.randint(1, 4)
        texts.append(s)
    # Random scalars from the whole range, alone and between letters.
    for _ in range(300):
        n = rng.randint(1, 24)
        texts.append("".join(rand_scalar(rng) for _ in range(n)))
    # Numbers of every shape.
    for _ in range(60):
        texts.append(str(rng.randint(0, 10 ** rng.randint(1, 30))) + rng.choice(["", ".5", "%", " kg"]))
    # Long inputs: a long CJK run (one \p{L}+ piece), long punctuation, long spaces, a document.
    texts.append("".join(rng.choice("的一是不了人我在有他这为之大来以个中上们") for _ in range(3000)))
    texts.append("=" * 500 + "\n" + "-" * 300)
    texts.append(" " * 200 + "x" + " " * 200)
    texts.append("\n".join(all_sentences * 3))
    texts.append("a" * 1000)
    return texts


def decomposable_chunks():
    """Every scalar with a canonical decomposition, NFD-decomposed, in chunks (tests NFC)."""
    chars = [chr(c) for c in range(0x110000)
             if not 0xD800 <= c < 0xE000 and unicodedata.decomposition(chr(c))
             and not unicodedata.decomposition(chr(c)).startswith("<")]
    chunks = []
    for i in range(0, len(chars), 40):
        group = chars[i:i + 40]
        chunks.append(" ".join(group))
        chunks.append(" ".join(unicodedata.normalize("NFD", ch) for ch in group))
    return chunks


def combining_mark_chunks():
    """Every combining mark (class > 0) between others, in both orders (tests canonical ordering),
    and letters of the newest Unicode versions (unknown to HF's tables)."""
    marks = [chr(c) for c in range(0x110000)
             if not 0xD800 <= c < 0xE000 and unicodedata.combining(chr(c))]
    chunks = []
    for i in range(0, len(marks), 30):
        group = marks[i:i + 30]
        chunks.append(" ".join("a" + m + "\u0334\u0301" for m in group))
        chunks.append(" ".join("e\u0301\u0316" + m + "x" for m in group))
    # Hangul: syllables spelled with conjoining jamo (L V, L V T, LV + T), composed by NFC.
    rng = random.Random(SEED + 1)
    for _ in range(20):
        syllables = [chr(rng.randrange(0xAC00, 0xD7A4)) for _ in range(20)]
        chunks.append("".join(unicodedata.normalize("NFD", s) for s in syllables))
        chunks.append(" ".join(s + chr(rng.randrange(0x11A8, 0x11C3)) for s in syllables))
    # Assigned in Unicode 10.0 or later (inert to HF's normalizer; U+A7CE and U+10940 are 17.0).
    chunks += ["\u0d3b\u0d3c a\u0d3b\u0301 e\u1abf\u0316", "\U00011935\U00011930 \U00011938",
               "x\ua7ce\ua7cf\U00010940y \u088f\u0c5c", "\u0897\u0301 e\u0898\u0316\u0301"]
    return chunks


def scalar_classes(tok):
    """Class of every scalar as the Split regex sees it, measured through HF's pre-tokenizer."""
    from tokenizers import pre_tokenizers, Regex
    split = tok_split(tok)
    sp = pre_tokenizers.Split(Regex(split), "isolated")
    ranges = []
    for c in range(0x110000):
        if 0xD800 <= c < 0xE000:
            continue
        ch = chr(c)
        p1 = len(sp.pre_tokenize_str("x" + ch + "x"))
        if p1 == 1:
            cls = "L"
        elif p1 == 3 and len(sp.pre_tokenize_str("x" + ch)) == 2 and \
                len(sp.pre_tokenize_str(ch + ch)) == 2:
            cls = "N"
        elif len(sp.pre_tokenize_str("!" + ch + "!")) == 1:
            cls = "O"
        else:
            cls = "S"
        if ranges and ranges[-1][2] == cls and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        elif ranges and ranges[-1][2] == cls and ranges[-1][1] == 0xD7FF and c == 0xE000:
            ranges[-1][1] = c
        else:
            ranges.append([c, c, cls])
    return ranges


def tok_split(tok):
    pre = json.loads(tok.to_str())["pre_tokenizer"]
    for p in pre.get("pretokenizers", [pre]):
        if p["type"] == "Split":
            return p["pattern"]["Regex"]
    sys.exit("error: tokenizer has no Split pre-tokenizer")


def decode_cases(tok, rng, texts):
    """Id sequences to decode: whole encodings, cut ones (partial UTF-8), random ids."""
    vocab = tok.get_vocab_size(with_added_tokens=True)
    cases = []
    for text in texts[:400]:
        ids = tok.encode(text, add_special_tokens=False).ids
        cases.append(ids)
        if len(ids) > 2:
            i = rng.randrange(1, len(ids))
            cases.append(ids[i:])
            cases.append(ids[:i])
    for _ in range(300):
        cases.append([rng.randrange(vocab) for _ in range(rng.randint(1, 8))])
    cases.append([])
    cases.append([vocab, vocab + 5, 0])  # out-of-range ids are skipped
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tokenizer", required=True, help="tokenizer.json")
    ap.add_argument("--out", required=True, help="output folder")
    args = ap.parse_args()
    try:
        from tokenizers import Tokenizer
    except ImportError:
        sys.exit("error: HF `tokenizers` is needed (pip install tokenizers)")
    tok = Tokenizer.from_file(args.tokenizer)
    rng = random.Random(SEED)
    texts = pool(rng) + decomposable_chunks() + combining_mark_chunks()
    os.makedirs(args.out, exist_ok=True)

    encodings = tok.encode_batch(texts, add_special_tokens=False)
    write_jsonl(os.path.join(args.out, "conformance.jsonl"),
                ({"text": t, "ids": e.ids} for t, e in zip(texts, encodings)))
    cases = decode_cases(tok, rng, texts)
    write_jsonl(os.path.join(args.out, "decode.jsonl"),
                ({"ids": ids, "text": tok.decode(ids, skip_special_tokens=False)} for ids in cases))
    tmp = os.path.join(args.out, "scalar_classes.txt.tmp")
    with open(tmp, "w", encoding="ascii") as f:
        f.write("# first last class (hex scalars; L letter, N number, S whitespace, O other)\n")
        for first, last, cls in scalar_classes(tok):
            f.write(f"{first:X} {last:X} {cls}\n")
    os.replace(tmp, os.path.join(args.out, "scalar_classes.txt"))
    print(f"wrote {len(texts)} conformance texts, {len(cases)} decode cases to {args.out}",
          file=sys.stderr)


def write_jsonl(path, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=True) + "\n")
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
