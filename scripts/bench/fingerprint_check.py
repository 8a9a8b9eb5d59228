#!/usr/bin/env python3
"""Measures what checking a large model's score-cache fingerprint costs a build: an 8B-size model
folder (five safetensors shards, 16.4 GB of random bytes by default), built once, then

  unchanged   a build where every score is cached: the fingerprint comes from the memo of file
              digests in the cache (stat only), compared with the same build without the model
  one shard   a build after one shard is rewritten in place (same size, same mtime): that shard
              is hashed again and every pair rescored
  no memo     a build with the cache file deleted: every file is hashed

The folder holds a working tiny model (the tied-bf16 fixture's tensors, in shard 1) plus unused
padding tensors of random bytes that bring each shard to the 8B model's size, so builds can score
while the fingerprint covers 16 GB of real, incompressible bytes (not sparse files: holes would
read as free zeros). Before each measured build the shards' pages are dropped from the page cache
(posix_fadvise DONTNEED, this folder's files only), so "one shard" and "no memo" include reading
from disk; --warm keeps them cached and measures hashing alone.

  scripts/bench/fingerprint_check.py --binary .build/release/rerank-site
  scripts/bench/fingerprint_check.py --gigabytes 4 --work /tmp/fp-bench   # smaller, when disk is short

Development only; deletes its --work folder when done unless --keep.
"""
import argparse, json, os, shutil, struct, subprocess, sys, time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASE = """---
title: bench
instruction: Given a lyric search query, retrieve lyrics that match the mood the user describes
---

## Query

分手后不想哭，想笑得洒脱

## Candidates

1. 我笑着挥手说再见，眼泪却在转身时决堤 {rel=3}
2. 失恋是成长的必经之路，请保持积极心态 {rel=0}
3. 把戒指扔进海里，浪花替我大笑三声 {rel=2}
"""


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    return header, data


def write_shard(path, tensors, pad_bytes, chunk=64 << 20):
    """tensors: [(name, dtype, shape, bytes)]; then a U8 padding tensor of pad_bytes random bytes."""
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name, dtype, shape, data in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    pad_name = "bench.padding." + os.path.basename(path)
    header[pad_name] = {"dtype": "U8", "shape": [pad_bytes], "data_offsets": [offset, offset + pad_bytes]}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for _, _, _, data in tensors:
            f.write(data)
        left = pad_bytes
        while left:
            n = min(chunk, left)
            f.write(os.urandom(n))
            left -= n
        f.flush()
        os.fsync(f.fileno())
    return [name for name, _, _, _ in tensors] + [pad_name]


def make_model(fixture, folder, total_bytes, shards):
    os.makedirs(folder)
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(fixture, name), folder)
    header, data = read_safetensors(os.path.join(fixture, "model.safetensors"))
    tiny = [(k, v["dtype"], v["shape"], data[v["data_offsets"][0]:v["data_offsets"][1]])
            for k, v in sorted(header.items()) if k != "__metadata__"]
    weight_map, per_shard = {}, total_bytes // shards
    for i in range(shards):
        name = f"model-{i + 1:05d}-of-{shards:05d}.safetensors"
        tensors = tiny if i == 0 else []
        pad = per_shard - sum(len(t[3]) for t in tensors)
        for tensor in write_shard(os.path.join(folder, name), tensors, pad):
            weight_map[tensor] = name
        print(f"  wrote {name} ({per_shard / 1e9:.2f} GB)", file=sys.stderr)
    with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total_bytes}, "weight_map": weight_map}, f)


def drop_pages(folder):
    for name in os.listdir(folder):
        fd = os.open(os.path.join(folder, name), os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def build(binary, project, scorer, env):
    start = time.perf_counter()
    run = subprocess.run([binary, "build", "--scorer", scorer], cwd=project, env=env,
                         capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"build failed ({run.returncode}):\n{run.stderr}")
    last = [l for l in run.stderr.splitlines() if "pairs:" in l][-1].strip()
    return seconds, last


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=os.path.join(REPO, ".build/release/rerank-site"))
    p.add_argument("--fixture", default=os.path.join(REPO, "fixtures-generated/engine/tied-bf16"))
    p.add_argument("--work", default="/tmp/rerank-fingerprint-bench")
    p.add_argument("--gigabytes", type=float, default=16.4, help="total safetensors size (8B: 16.4)")
    p.add_argument("--shards", type=int, default=5)
    p.add_argument("--repeat", type=int, default=3, help="unchanged builds to time")
    p.add_argument("--warm", action="store_true", help="keep the shards in the page cache")
    p.add_argument("--keep", action="store_true")
    a = p.parse_args()
    a.binary = os.path.abspath(a.binary)
    if not os.access(a.binary, os.X_OK):
        sys.exit(f"no rerank-site binary at {a.binary}; run swift build -c release --product rerank-site")

    total = int(a.gigabytes * 1e9)
    free = shutil.disk_usage(os.path.dirname(os.path.abspath(a.work)) or "/").free
    if os.path.exists(a.work):
        sys.exit(f"{a.work} exists; remove it or pass another --work")
    if free < total * 1.1:
        sys.exit(f"{total / 1e9:.1f} GB do not fit in {free / 1e9:.1f} GB free; pass a smaller --gigabytes")
    project, model = a.work, os.path.join(a.work, "model")
    env = dict(os.environ, NO_COLOR="1")
    try:
        print(f"making an {total / 1e9:.1f} GB model folder in {model}", file=sys.stderr)
        t = time.perf_counter()
        make_model(a.fixture, model, total, a.shards)
        print(f"  {time.perf_counter() - t:.0f} s", file=sys.stderr)
        os.makedirs(os.path.join(project, "inputs"))
        with open(os.path.join(project, "inputs", "bench.md"), "w") as f:
            f.write(CASE)
        with open(os.path.join(project, "rerank-site.yml"), "w") as f:
            f.write("scorers:\n  - id: bm25\n    kind: bm25\n  - id: big\n    kind: qwen3-reranker\n"
                    "    model: model\n    max_length: 256\n")
        time.sleep(2.5)  # older than the racy window, so the first build remembers the digests
        cool = (lambda: None) if a.warm else (lambda: drop_pages(model))

        cool()
        first, line = build(a.binary, project, "big", env)
        print(f"first build (hash all)      {first:7.2f} s   {line}")
        base = min(build(a.binary, project, "bm25", env)[0] for _ in range(a.repeat))
        times = []
        for _ in range(a.repeat):
            cool()
            times.append(build(a.binary, project, "big", env))
        best = min(s for s, _ in times)
        print(f"unchanged (memo hits)       {best:7.2f} s   {times[-1][1]}")
        print(f"  same build, bm25 only     {base:7.2f} s   → fingerprint check ≈ {best - base:.3f} s")

        shard = os.path.join(model, f"model-{a.shards:05d}-of-{a.shards:05d}.safetensors")
        info = os.stat(shard)
        with open(shard, "r+b") as f:   # in place: same inode, same size
            f.seek(info.st_size - 4096)
            f.write(os.urandom(4096))
            f.flush(); os.fsync(f.fileno())
        os.utime(shard, ns=(info.st_atime_ns, info.st_mtime_ns))
        time.sleep(2.5)
        cool()
        changed, line = build(a.binary, project, "big", env)
        print(f"one shard rewritten         {changed:7.2f} s   {line}   ({info.st_size / 1e9:.2f} GB rehashed)")

        os.remove(os.path.join(project, ".rerank-site", "cache.sqlite"))
        for suffix in ("-wal", "-shm"):
            path = os.path.join(project, ".rerank-site", "cache.sqlite" + suffix)
            if os.path.exists(path):
                os.remove(path)
        cool()
        fresh, line = build(a.binary, project, "big", env)
        print(f"cache deleted (hash all)    {fresh:7.2f} s   {line}   ({total / 1e9:.1f} GB, "
              f"{total / 1e9 / max(fresh - base, 1e-9):.2f} GB/s)")
    finally:
        if not a.keep and os.path.exists(a.work):
            shutil.rmtree(a.work)


if __name__ == "__main__":
    main()
