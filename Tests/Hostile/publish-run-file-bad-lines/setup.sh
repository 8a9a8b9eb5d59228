# The last site, built without the run scorer; the run file then has bad lines.
(cd project && "$RERANK_SITE_BINARY" build --config base.yml >/dev/null 2>&1)
