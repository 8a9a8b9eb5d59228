# The last site, built without the run scorer; the run file then has bad lines.
(cd project && "$RERANK_SITE_BINARY" build >/dev/null 2>&1)
