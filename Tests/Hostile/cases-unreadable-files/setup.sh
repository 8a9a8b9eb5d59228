# Case files that cannot be read, each for its own reason (git cannot hold these).
set -e
cd project/inputs
mkfifo pipe.md
ln -s missing.md dangling.md
ln -s loop.md loop.md
printf '## Query\n\nq\n\n## Candidates\n\n- a\n' > $'caf\xe9.md'
