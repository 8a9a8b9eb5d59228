#!/usr/bin/env bash
# Runs the shell steps of the workflow `rerank-site init --ci github` writes, on this machine, as a
# GitHub runner would, twice: a first CI run with nothing published, then a run on a fresh runner
# (no cache) after the first site was "published" and a label changed. Checks that the history is
# seeded from the published site (two runs), that the gates pass and write the step summary, and
# that a failing gate fails its step.
#
#   scripts/ci/run-workflow-steps.sh [RERANK_SITE_BINARY]     (default: .build/debug/rerank-site)
#
# The one step not run is "Build rerank-site" (swift build -c release): the given binary stands in
# for it. "Install the system libraries" is skipped when the libraries are installed already.
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="$(realpath "${1:-.build/debug/rerank-site}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "run-workflow-steps: FAILED: $*" >&2; exit 1; }

workspace="$work/workspace"
mkdir -p "$workspace" "$work/published" "$work/temp"
"$binary" init "$workspace/project" --ci github --tool-repository example-org/rerank-site >/dev/null
workflow="$workspace/project/.github/workflows/rerank-site.yml"
cat >> "$workspace/project/rerank-site.yml" <<'YAML'
gates:
  - { scorer: bm25, metric: ndcg@10, min: 0.1 }
  - { scorer: bm25, metric: mrr, max_drop: 1 }
YAML

# Every step of the build job as: name <TAB> base64(run) <TAB> base64(step env as KEY=VALUE lines).
steps() {
    python3 - "$workflow" <<'PY'
import base64, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
for step in doc["jobs"]["build"]["steps"]:
    if "run" not in step:
        continue
    env = "".join(f"{k}={v}\n" for k, v in (step.get("env") or {}).items())
    print("\t".join([step["name"], base64.b64encode(step["run"].encode()).decode(), base64.b64encode(env.encode()).decode()]))
PY
}

# Runs every shell step with the job's environment; stops at the first failing step and returns its status.
run_job() {
    local summary="$1" name script stepenv key value status
    while IFS=$'\t' read -r name script stepenv; do
        if [ "$name" = "Build rerank-site" ]; then echo "== $name: using $binary"; continue; fi
        if [ "$name" = "Install the system libraries" ] && dpkg -s libcmark-dev libopenblas-dev libsqlite3-dev >/dev/null 2>&1; then
            echo "== $name: installed already"; continue
        fi
        echo "== $name"
        local -a envs=(
            "RERANK_SITE=$binary" "PROJECT_DIR=$workspace/project" "HF_HOME=$workspace/hf-cache"
            "RUNNER_TEMP=$work/temp" "GITHUB_STEP_SUMMARY=$summary" "GITHUB_WORKSPACE=$workspace"
        )
        while IFS='=' read -r key value; do
            [ -n "$key" ] || continue
            # The one expression a step's env holds: the published site's address.
            # shellcheck disable=SC2016  # the literal expression text
            [ "$value" = '${{ steps.pages.outputs.base_url }}' ] && value="file://$work/published"
            envs+=("$key=$value")
        done < <(printf '%s' "$stepenv" | base64 -d)
        status=0
        (cd "$workspace" && env "${envs[@]}" bash -e -o pipefail -c "$(printf '%s' "$script" | base64 -d)") || status=$?
        if [ "$status" -ne 0 ]; then echo "== $name: exit $status"; return "$status"; fi
    done < <(steps)
}

# 1. First CI run: nothing published yet.
run_job "$work/summary1.md" > "$work/run1.log" 2>&1 || { cat "$work/run1.log"; fail "the first run failed"; }
grep -q "history: none published yet" "$work/run1.log" || fail "the first run found a history"
grep -q "check: all 2 gates passed" "$work/run1.log" || fail "gates did not pass in the first run"
grep -q "All 2 gates passed." "$work/summary1.md" || fail "no step summary"
cp -R "$workspace/project/site/." "$work/published/"

# 2. A fresh runner (no cache), a label changed: history seeded from the published site.
rm -rf "$workspace/project/.rerank-site" "$work/temp"/*
case_file="$workspace/project/inputs/examples/phone-battery.md"
python3 - "$case_file" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
new = re.sub(r"\{rel=(\d+)\}", lambda m: "{rel=%d}" % (3 - int(m.group(1)) if int(m.group(1)) <= 3 else 0), text, count=2)
assert new != text
open(path, "w").write(new)
PY
run_job "$work/summary2.md" > "$work/run2.log" 2>&1 || { cat "$work/run2.log"; fail "the second run failed"; }
grep -q "history: seeded from file://" "$work/run2.log" || { cat "$work/run2.log"; fail "the second run did not seed the history"; }
runs=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['runs']))" "$workspace/project/site/data/history.json")
[ "$runs" = 2 ] || fail "history.json has $runs runs, expected 2"
grep -q "Cases that changed since the previous run" "$work/summary2.md" || fail "the summary does not compare with the previous run"

# 3. A failing gate fails the gates step, and only it.
cat >> "$workspace/project/rerank-site.yml" <<'YAML'
  - { scorer: bm25, metric: ndcg@10, min: 1.5 }
YAML
status=0
run_job "$work/summary3.md" > "$work/run3.log" 2>&1 || status=$?
[ "$status" = 1 ] || { cat "$work/run3.log"; fail "a failing gate gave status $status, expected 1"; }
grep -q "== Run the quality gates: exit 1" "$work/run3.log" || fail "another step than the gates failed"
grep -q "FAILED rerank-site.yml:.*bm25 ndcg@10 ≥ 1.5000" "$work/run3.log" || fail "the failed gate is not named"
grep -q "1 of 3 gates failed" "$work/summary3.md" || fail "the summary does not report the failed gate"
echo "run-workflow-steps: ok: 3 CI runs (nothing published; seeded from the published history, $runs runs; a failing gate fails the gates step)"
