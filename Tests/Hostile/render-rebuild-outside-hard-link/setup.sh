# A user's hard link to a page of the last site (a backup, a deploy tool's copy). The rebuild may
# reuse unchanged pages of the old site, but must never share or change a file linked elsewhere.
ln project/site/index.html kept-index.html
ln project/site/cases/phones.html kept-phones.html
