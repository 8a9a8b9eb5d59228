#!/usr/bin/env python3
"""Checks that rerank-site and huggingface_hub share one cache (run by Tests/HubTests/InteropTests).

  interop_check.py read  ID FIXTURE_DIR FILE...   huggingface_hub, offline, finds every FILE of ID in
                                                  $HF_HOME's cache with FIXTURE_DIR's bytes, and
                                                  scan_cache_dir reports the repo without warnings
  interop_check.py write ID PATTERN...            huggingface_hub downloads ID from $HF_ENDPOINT
                                                  into $HF_HOME's cache; prints the snapshot folder
Exit status 3 when huggingface_hub is not installed.
"""
import os
import sys

try:
    import huggingface_hub
except ImportError:
    print("huggingface_hub is not installed (scripts/install-deps.sh installs it)", file=sys.stderr)
    sys.exit(3)


def read(repo_id, fixture, files):
    for name in files:
        path = huggingface_hub.hf_hub_download(repo_id, name, local_files_only=True)
        with open(path, "rb") as got, open(os.path.join(fixture, name), "rb") as want:
            if got.read() != want.read():
                sys.exit(f"{name}: huggingface_hub read different bytes from {path}")
    info = huggingface_hub.scan_cache_dir()
    if info.warnings:
        sys.exit(f"scan_cache_dir warnings: {info.warnings}")
    repos = {r.repo_id: r for r in info.repos}
    if repo_id not in repos:
        sys.exit(f"scan_cache_dir does not list {repo_id}: {sorted(repos)}")
    refs = set(repos[repo_id].refs)
    if "main" not in refs:
        sys.exit(f"{repo_id} has refs {sorted(refs)}, not main")
    print(f"huggingface_hub {huggingface_hub.__version__} read {len(files)} files")


def write(repo_id, patterns):
    print(huggingface_hub.snapshot_download(repo_id, allow_patterns=patterns))


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("read", "write"):
        sys.exit(__doc__)
    if sys.argv[1] == "read":
        read(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        write(sys.argv[2], sys.argv[3:])
