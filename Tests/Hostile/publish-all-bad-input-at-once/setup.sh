# The last good site and its cache, built from base.yml; then a case file gets a malformed label and
# a theme template is planted that never closes a section, while rerank-site.yml, gpu.run and
# other-history.json have problems of their own.
(cd project && "$RERANK_SITE_BINARY" build --config base.yml >/dev/null 2>&1)
sed -i 's/2.9 kg {rel=1}/2.9 kg {rel=x}/' project/inputs/laptops.md
mkdir -p project/templates
printf '<article>\n  {{#hasTags}}\n</article>\n' > project/templates/case.mustache
