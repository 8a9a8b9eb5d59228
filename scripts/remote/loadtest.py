#!/usr/bin/env python3
"""Bounded load test for a running `rerank-site serve-api` (standard library only; loopback only).

    python3 scripts/remote/loadtest.py --url http://127.0.0.1:8080 --requests 300 --clients 8

Each client thread keeps one HTTP/1.1 connection and sends rerank (and some score) requests
built from a fixed seed. Every response is checked: status 200, one result per document (or
top_n), indices distinct and in range, sorted by score, scores finite, and the same request
always getting the same scores. Prints throughput and latency percentiles; exits 1 on any
failed check. Not part of CI: the numbers depend on the engine and the machine.
"""
import argparse
import http.client
import ipaddress
import json
import math
import random
import sys
import threading
import time
from urllib.parse import urlparse

WORDS = ("reranker query document passage score model token batch search ranking relevance "
         "vector index recall precision cache server client latency throughput").split()


# The engine keeps shared-prefix keys and values across requests and packs rows into GEMMs whose
# blocking depends on the batch, so a repeated request may differ in float32's last bits.
SCORE_TOLERANCE = 1e-5


def score_map(payload):
    """index -> score for a rerank answer, or a list of scores for a score answer."""
    rows = payload.get("results") or payload.get("data") or []
    return {row.get("index"): row.get("relevance_score", row.get("score")) for row in rows}


def same_scores(a, b):
    return a.keys() == b.keys() and all(abs(a[k] - b[k]) <= SCORE_TOLERANCE for k in a)


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_requests(count, documents, seed):
    """Request bodies; every fifth repeats an earlier one so determinism can be checked."""
    rng = random.Random(seed)
    bodies = []
    for n in range(count):
        if n >= 5 and n % 5 == 0:
            bodies.append(bodies[rng.randrange(len(bodies))])
            continue
        query = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))
        docs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60))) for _ in range(rng.randint(1, documents))]
        if n % 7 == 3:
            bodies.append(("/v1/score", {"text_1": query, "text_2": docs}))
        else:
            body = {"query": query, "documents": docs}
            if n % 3 == 0:
                body["top_n"] = max(1, len(docs) // 2)
            if n % 4 == 1:
                body["return_documents"] = True
            bodies.append(("/v1/rerank", body))
    return bodies


def check(route, body, status, payload):
    """An error message, or None when the response fits the request."""
    if status != 200:
        return f"status {status}: {str(payload)[:200]}"
    if route == "/v1/score":
        data = payload.get("data")
        if not isinstance(data, list) or len(data) != len(body["text_2"]):
            return "score: wrong number of results"
        if [item.get("index") for item in data] != list(range(len(data))):
            return "score: results not in input order"
        scores = [item.get("score") for item in data]
    else:
        docs = body["documents"]
        results = payload.get("results")
        want = min(body.get("top_n") or len(docs), len(docs))
        if not isinstance(results, list) or len(results) != want:
            return f"rerank: {len(results or [])} results, expected {want}"
        indices = [r.get("index") for r in results]
        if len(set(indices)) != len(indices) or not all(isinstance(i, int) and 0 <= i < len(docs) for i in indices):
            return f"rerank: bad indices {indices}"
        scores = [r.get("relevance_score") for r in results]
        if scores != sorted(scores, reverse=True):
            return "rerank: results not sorted by score"
        if body.get("return_documents") and any(r.get("document", {}).get("text") != docs[r["index"]] for r in results):
            return "rerank: returned document text does not match"
        usage = payload.get("usage", {})
        if not isinstance(usage.get("prompt_tokens"), int):
            return "rerank: usage.prompt_tokens missing"
    if not all(isinstance(s, (int, float)) and math.isfinite(s) for s in scores):
        return "non-finite score"
    return None


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--documents", type=int, default=16, help="most documents per request")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request")
    parser.add_argument("--max-seconds", type=float, default=600, help="stop sending after this long")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    url = urlparse(args.url)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    if url.scheme != "http" or not is_loopback(host):
        parser.error("only http:// on a loopback address (127.0.0.1, localhost, ::1) is load-tested")
    if not (1 <= args.requests <= 10_000 and 1 <= args.clients <= 64):
        parser.error("--requests must be 1..10000 and --clients 1..64")

    work = make_requests(args.requests, max(1, args.documents), args.seed)
    lock = threading.Lock()
    next_item = [0]
    latencies, failures, seen = [], [], {}
    passed = [0]
    documents_done = [0]
    deadline = time.monotonic() + args.max_seconds

    def client():
        conn = http.client.HTTPConnection(host, port, timeout=args.timeout)
        while time.monotonic() < deadline:
            with lock:
                if next_item[0] >= len(work):
                    break
                n = next_item[0]
                next_item[0] += 1
            route, body = work[n]
            data = json.dumps(body).encode("utf-8")
            started = time.perf_counter()
            try:
                conn.request("POST", route, body=data, headers={"Content-Type": "application/json"})
                response = conn.getresponse()
                raw = response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=args.timeout)
                with lock:
                    failures.append(f"request {n}: {type(error).__name__}: {error}")
                continue
            elapsed = time.perf_counter() - started
            try:
                payload = json.loads(raw)
            except ValueError:
                payload = {}
            problem = check(route, body, status, payload)
            key = json.dumps([route, body], sort_keys=True)
            scores = score_map(payload) if not problem else None
            with lock:
                latencies.append(elapsed)
                documents_done[0] += len(body.get("documents") or body.get("text_2") or [])
                if problem:
                    failures.append(f"request {n}: {problem}")
                elif key in seen and not same_scores(seen[key], scores):
                    failures.append(f"request {n}: same request, different scores")
                else:
                    seen.setdefault(key, scores)
                    passed[0] += 1
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(args.max_seconds + args.timeout + 5)
    wall = time.perf_counter() - started

    done = sorted(latencies)
    print(f"{len(done)} responses from {args.clients} clients in {wall:.2f} s: "
          f"{len(done) / wall:.1f} requests/s, {documents_done[0] / wall:.1f} documents/s")
    print("latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f" % tuple(
        1000 * v for v in (percentile(done, 50), percentile(done, 90), percentile(done, 99), done[-1] if done else float("nan"))))
    unsent = len(work) - next_item[0]
    if unsent:
        failures.append(f"{unsent} requests not sent within --max-seconds")
    for failure in failures[:20]:
        print("FAIL", failure, file=sys.stderr)
    print(f"{passed[0]} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
