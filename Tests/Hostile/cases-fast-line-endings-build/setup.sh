# Case files with CRLF and lone-CR line endings, a byte-order mark, Chinese text and non-ASCII
# whitespace that does not make two candidates the same: they all build.
set -e
mkdir -p project/inputs
printf '\357\273\277---\r\ntitle: CRLF 分手\r\n---\r\n\r\n## Query\r\n\r\n分手后不想哭\r\n\r\n## Candidates\r\n\r\n1. 我笑着挥手说再见 {rel=3}\r\n2. 失恋是成长\343\200\200的必经之路 {rel=0}\r\n' \
  > project/inputs/crlf.md
printf '## Query\r\rlone cr\r\r## Candidates\r\r- one\302\240two {rel=1}\r- one two three {rel=0}\r' > project/inputs/cr.md
