#!/usr/bin/env python3
"""Throughput of `rerank-site serve-api` under concurrent clients, against the same requests sent one by one.

    swift build -c release --product rerank-site
    .build/release/rerank-site bench --size 0.6b          # writes the random-weight 0.6B-shape model once
    scripts/bench/serve_batching.py --model ~/.cache/rerank-site/bench/<folder> [--repeat 3]

Starts the server on a free loopback port, then for every documents-per-request count D (--documents,
default 1,4,16) sends the same fixed set of --requests requests of D documents each with C
concurrent clients (--clients, default 1,4,16; C = 1 is "one by one"). Prints pairs/s (fastest and
median of --repeat rounds), the ratio to one by one measured in the same run, and the largest score
difference between a request answered under concurrency and the same request answered alone.

With --baseline OTHER_BINARY a second server runs the same model from that binary (an earlier
build) and every round is sent to both in turn, one after the other, so both see the same machine;
each row then also prints the baseline's pairs/s and new ÷ baseline, and the largest score
difference between the two servers' answers.
Standard library only; not part of CI (the figures depend on the machine).
"""
import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time

WORDS = ("reranker query document passage score model token batch search ranking relevance vector index "
         "recall precision cache server client latency throughput attention layer weight matrix").split()
CHINESE = "搜索 引擎 排序 模型 查询 文档 相关性 分数 检索 索引 向量 段落 答案 问题 语言 系统 数据".split()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_requests(count, documents, seed):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        query = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 10)))
        docs = []
        for _ in range(documents):
            words = [rng.choice(WORDS if rng.random() < 0.6 else CHINESE) for _ in range(rng.randint(10, 40))]
            docs.append(" ".join(words))
        out.append({"query": query, "documents": docs})
    return out


def post(conn, body):
    conn.request("POST", "/v1/rerank", body=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    payload = json.loads(response.read())
    if response.status != 200:
        raise RuntimeError(f"status {response.status}: {payload}")
    return {r["index"]: r["relevance_score"] for r in payload["results"]}


def run_round(port, requests, clients):
    """Sends every request once with `clients` threads; returns (seconds, scores per request)."""
    lock = threading.Lock()
    next_item = [0]
    scores = [None] * len(requests)
    errors = []

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        while True:
            with lock:
                if next_item[0] >= len(requests):
                    break
                n = next_item[0]
                next_item[0] += 1
            try:
                scores[n] = post(conn, requests[n])
            except Exception as error:  # noqa: BLE001 - reported below
                with lock:
                    errors.append(f"request {n}: {error}")
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    if errors:
        raise RuntimeError("; ".join(errors[:5]))
    return seconds, scores


def start_server(binary, args):
    """Starts serve-api from `binary` on a free port and waits for /health; returns (process, port)."""
    port = free_port()
    command = [binary, "serve-api", "--model", os.path.expanduser(args.model), "--port", str(port)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    if args.precision:
        command += ["--precision", args.precision]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while True:
        if server.poll() is not None:
            sys.exit(f"{binary} serve-api exited: {server.stderr.read()[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"{binary} serve-api did not answer /health within 300 s")
        time.sleep(0.5)
    threading.Thread(target=lambda: server.stderr.read(), daemon=True).start()   # drain its request log
    # Warm-up: the first pass faults the weights in.
    warm = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    post(warm, make_requests(1, 2, args.seed + 999)[0])
    warm.close()
    return server, port


def stop_server(server):
    server.terminate()
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()


def worst_difference(scores, reference):
    return max([0.0] + [abs(got[k] - want[k]) for got, want in zip(scores, reference) for k in want])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="model folder (or hub id / alias) for serve-api")
    parser.add_argument("--binary", default=".build/release/rerank-site")
    parser.add_argument("--baseline", default=None, help="another rerank-site binary, measured in turn with --binary")
    parser.add_argument("--precision", default=None, help="serve-api --precision (auto, fp32, bf16)")
    parser.add_argument("--documents", default="1,4,16", help="documents per request, comma-separated")
    parser.add_argument("--clients", default="1,4,16", help="concurrent clients, comma-separated; 1 is one by one")
    parser.add_argument("--requests", type=int, default=16, help="requests per round (the same ones for every client count)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds per setting; fastest and median reported")
    parser.add_argument("--threads", type=int, default=None, help="engine threads (serve-api --threads)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    documents = [int(x) for x in args.documents.split(",")]
    clients = [int(x) for x in args.clients.split(",")]
    if 1 not in clients:
        clients = [1] + clients

    servers = []
    try:
        servers.append(start_server(args.binary, args))
        if args.baseline:
            servers.append(start_server(args.baseline, args))
        print(f"serve-api {args.model}: {args.requests} requests per round, {args.repeat} round(s) per setting"
              + (f"; baseline {args.baseline} in turn" if args.baseline else ""))
        header = "docs/request  clients  pairs   pairs/s fastest (median)   vs one by one   max |Δscore| vs one by one"
        if args.baseline:
            header += "   baseline pairs/s fastest (median)   vs baseline   max |Δscore| vs baseline"
        print(header)
        for d in documents:
            requests = make_requests(args.requests, d, args.seed + d)
            pairs = args.requests * d
            alone_scores = None
            baseline = None
            for c in clients:
                rounds = [[] for _ in servers]
                worst, worst_base = 0.0, 0.0
                for _ in range(max(args.repeat, 1)):
                    answers = []
                    for i, (_, port) in enumerate(servers):
                        seconds, scores = run_round(port, requests, c)
                        rounds[i].append(seconds)
                        answers.append(scores)
                    if c == 1 and alone_scores is None:
                        alone_scores = answers[0]
                    worst = max(worst, worst_difference(answers[0], alone_scores))
                    if len(answers) > 1:
                        worst_base = max(worst_base, worst_difference(answers[0], answers[1]))
                rates = [(pairs / min(r), pairs / statistics.median(r)) for r in rounds]
                if c == 1:
                    baseline = rates[0][0]
                line = (f"{d:12d}  {c:7d}  {pairs:5d}   {rates[0][0]:8.2f} ({rates[0][1]:8.2f})      "
                        f"{rates[0][0] / baseline:10.2f}×   {worst:.2e}")
                if len(rates) > 1:
                    line += (f"   {rates[1][0]:8.2f} ({rates[1][1]:8.2f})              "
                             f"{rates[0][0] / rates[1][0]:8.2f}×   {worst_base:.2e}")
                print(line, flush=True)
    finally:
        for server, _ in servers:
            stop_server(server)


if __name__ == "__main__":
    main()
