# The last site, built by the binary under test, whose pages a user then hard-linked outside it (a
# backup, a deploy tool's copy). The rebuild may reuse unchanged pages of the old site, but must
# never share or change a file linked elsewhere.
(cd project && "$RERANK_SITE_BINARY" build >/dev/null 2>&1)
ln project/site/index.html kept-index.html
ln project/site/cases/phones.html kept-phones.html
