# One case of about 4 MB: 40 candidates of about 100,000 characters each, generated here so the
# repository does not hold it. Deterministic (no randomness).
python3 - <<'PY'
words = ["battery", "screen", "camera", "charger", "signal", "storage", "speaker", "glass"]
lines = ["---", "title: huge", "---", "", "## Query", "", "phone battery life", "", "## Candidates", ""]
for i in range(40):
    text = " ".join(words[(i * 7 + k * 3) % len(words)] for k in range(12_500))
    lines.append(f"{i + 1}. {text} END-OF-CANDIDATE-{i + 1} {{rel={i % 4}}}")
open("project/inputs/huge.md", "w").write("\n".join(lines) + "\n")
PY
