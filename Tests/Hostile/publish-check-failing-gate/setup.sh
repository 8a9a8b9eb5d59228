# The last build, with the gates configured.
(cd project && "$RERANK_SITE_BINARY" build >/dev/null 2>&1)
