"""The texts of the MiniLM fixture: every query, rewrite and candidate of the example cases in
inputs/ (so the example's scores can be checked pair by pair), tokenizer edge cases, and long texts
in several languages cut from the seed articles. Pure Python, no dependencies."""
import glob
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LABEL = re.compile(r"\s*\{rel=\d+\}\s*$")


def example_cases():
    """[(query_texts, candidate_texts)] per case file: the query and its rewrites, the candidates
    as the case parser reads them (list item text without the label)."""
    cases = []
    for path in sorted(glob.glob(os.path.join(ROOT, "inputs", "**", "*.md"), recursive=True)):
        text = open(path, encoding="utf-8").read()
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
        sections = re.split(r"^## ", body, flags=re.M)
        queries, candidates = [], []
        for section in sections[1:]:
            head, _, rest = section.partition("\n")
            head = head.strip()
            if head == "Query":
                queries.insert(0, "\n".join(l for l in rest.strip().split("\n")).strip())
            elif head == "Rewrites":
                queries += [m.group(1).strip() for m in re.finditer(r"^- (.+)$", rest, flags=re.M)]
            elif head == "Candidates":
                for m in re.finditer(r"^\d+\. (.+)$", rest, flags=re.M):
                    candidates.append(LABEL.sub("", m.group(1)).strip())
        cases.append((queries, candidates))
    return cases


EDGE_CASES = [
    "Hello, World!", "UNAFFABLE", "unaffable running jumped", "naïve café résumé Ångström",
    "Crème brûlée à la carte", "Straße ẞ ß", "İstanbul ıi İI", "ΟΔΥΣΣΕΥΣ Σίσυφος", "Ｆｕｌｌｗｉｄｔｈ　ｔｅｘｔ１２３",
    "tab\tand\nnewline\r\nand  spaces", "control\u0001\u0007chars\u007f\u0085here", "zero\u200bwidth\u200dand\u2060joiners",
    "soft\u00adhyphen", "nul\u0000byte and \ufffd replacement", "private \ue000 use \U000f0000",
    "emoji 😀👍🏽 🥰 🫠 family 👨‍👩‍👧", "math ∑∫√∞ ≤≥ ≠ ±", "$100 + 20% = #1 @home ^_^ ~tilde~ `code` | pipe",
    "«guillemets» „Anführung“ “curly” ‘single’ — dash – en …", "中文分词测试：自然语言处理", "日本語のテキスト、カタカナとひらがな。",
    "한국어 문장입니다. 띄어쓰기!", "Русский текст с пунктуацией; и т.д.", "Ελληνικά κείμενα", "עברית טקסט", "العربية: نص قصير؟",
    "हिन्दी पाठ का उदाहरण।", "ไทยภาษาไม่มีช่องว่าง", "Tiếng Việt có dấu: Đường phố Hà Nội", "CJK ext B 𠀀𠀁 ext G 𰀀 compat 丽",
    "ext C-F 𪜀 𫝀 𫠠 𬺰 𮯠", "a" * 101, "b" * 100, "x" + "é" * 99, "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "[CLS] special [SEP] tokens [MASK] in [PAD] text [UNK]", "[cls] lowercase [sep]", "e\u0301 composed vs \u00e9",
    "ﬁ ligature ﬀ ﬃ", "Ⅻ roman ⅻ ① circled", "URL https://example.org/a?b=c&d=e#frag", "email someone@example.com",
    "C++ C# F# .NET node.js", "3.14159 1,000,000 1e-9 0x1F", "snake_case camelCase kebab-case", "", "   ", "\u3000\u3000全角空格",
    "Mixed English和中文混排text测试", "Ŧĥĩš ĩš ãççéñţéð", "ǅ ǈ ǋ titlecase digraphs", "ꙮ multiocular o", "Ꭰ Cherokee ꭰ",
]


def long_texts():
    """Long texts (several hundred tokens and more) in Chinese, English, Japanese and mixed."""
    out = []
    seeds = sorted(glob.glob(os.path.join(ROOT, "..", "shared", "seeds", "*.txt")))
    for path in seeds:
        text = open(path, encoding="utf-8").read()
        out.append(text[1000:1400])
        out.append(text[2000:2700])
    english = ("Reranking takes the candidates a first stage retrieved and orders them again with a model that "
               "reads the query and each document together. ")
    out.append(english * 4)
    out.append(english * 12)
    out.append(english * 30)
    out.append("日本語の長い文章です。検索結果を並べ替えるモデルを評価します。" * 12)
    out.append(("The quick brown fox jumps over the lazy dog. 敏捷的棕色狐狸跳过了懒狗。 " * 20))
    return out


def all_texts():
    seen, texts = set(), []
    for queries, candidates in example_cases():
        for t in queries + candidates:
            if t not in seen:
                seen.add(t)
                texts.append(t)
    for t in EDGE_CASES + long_texts():
        if t not in seen:
            seen.add(t)
            texts.append(t)
    return texts
