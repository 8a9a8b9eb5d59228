# One case of about 4 MB: 40 candidates of about 100,000 characters each, generated here so the
# repository does not hold it. Deterministic (no randomness).
python3 - <<'PY'
import os
words = ["battery", "screen", "camera", "charger", "signal", "storage", "speaker", "glass"]
lines = ["---", "title: huge", "---", "", "## Query", "", "phone battery life", "", "## Candidates", ""]
for i in range(40):
    text = " ".join(words[(i * 7 + k * 3) % len(words)] for k in range(12_500))
    lines.append(f"{i + 1}. {text} END-OF-CANDIDATE-{i + 1} {{rel={i % 4}}}")
os.makedirs("project/inputs", exist_ok=True)
open("project/inputs/huge.md", "w").write("\n".join(lines) + "\n")
PY
