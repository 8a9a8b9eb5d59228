# 200 case files, parsed on every core; four of them broken in ways the fast paths must place
# exactly as the plain ones do (columns count characters, not bytes).
set -e
mkdir -p project/inputs
for i in $(seq -w 0 199); do
  printf '## Query\n\nquery %s\n\n## Candidates\n\n1. first %s {rel=1}\n2. second %s {rel=0}\n' "$i" "$i" "$i" \
    > "project/inputs/case-$i.md"
done
# Not UTF-8: a byte 0xFF after Chinese text on line 7.
printf '## Query\n\nq\n\n## Candidates\n\n1. 分手后\377 {rel=1}\n2. b {rel=0}\n' > project/inputs/case-007.md
# A C1 control character (U+0085, next line) inside a candidate, after Chinese text.
printf '## Query\n\nq\n\n## Candidates\n\n1. a {rel=1}\n2. 笑着\302\205说 {rel=0}\n' > project/inputs/case-100.md
# Duplicates up to whitespace: an ideographic space (U+3000) and a no-break space (U+00A0).
printf '## Query\n\nq\n\n## Candidates\n\n1. 分手 笑 {rel=1}\n2. 分手\343\200\200笑 {rel=0}\n3. a  b {rel=0}\n4. a\302\240b {rel=2}\n' \
  > project/inputs/case-150.md
# CRLF line endings, a malformed label after Chinese text.
printf '## Query\r\n\r\nq\r\n\r\n## Candidates\r\n\r\n1. 分手后 {REL=2}\r\n2. b {rel=0}\r\n' > project/inputs/case-199.md
