# Control characters in case text (kept out of git): a NUL in the query, an escape sequence
# and a bell in a candidate.
set -e
mkdir -p project/inputs
printf '## Query\n\nnul\0here\n\n## Candidates\n\n- red \033[31mtext\a {rel=1}\n- plain\ttab is fine\n' > project/inputs/control.md
