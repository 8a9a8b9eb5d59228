#!/usr/bin/env python3
"""A rerank server that misbehaves on request, for testing the http scorer (loopback only).

    python3 scripts/remote/fault_server.py [--port 0]

Prints the bound port on the first line of stdout, then serves until killed. The first path
segment chooses the behaviour; the rest of the path only separates counters, so each test uses
its own path, e.g. POST /drop-2/test17/v1/rerank drops the first two requests on that path.

    ok          a correct response (results sorted by score, like real servers)
    slow        sleeps 3 s before a correct response
    slow-N      sleeps 3 s on the first N requests
    drop-N      closes the connection without answering the first N requests (dropall: always)
    429-N       429 with Retry-After: 1 on the first N requests
    429date     one 429 with Retry-After as an HTTP date 2 s ahead
    429long     429 with Retry-After: 3600, always
    500-N       500 on the first N requests (503all: always 503)
    400         400 with a JSON error message
    badcount    one result too few;  badindex  an index out of range
    dupindex    an index twice;      notjson   an HTML page with status 200
    nan         a score of NaN
    constant    every score 0.5 (a server that has lost its model)
    echo        401 whose message repeats the request's path, query string and Authorization header

Every behaviour but `constant` ignores the instruction, as llama-server does.

The body shape picks the flavour: `texts` gets TEI's bare array, `documents` Jina's results.
GET /log/<same path> returns the requests received on that path (headers and JSON body) with
their arrival times, so tests can check headers, bodies and waits.

PUT /identity/<prefix> with {"info": {...}, "models": {...}} sets what GET <prefix>/info (TEI)
and GET <prefix>/v1/models (vLLM, llama.cpp) answer; either may be null (404, as before any PUT).
"""
import argparse
import email.utils
import json
import os
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
COUNTS = {}
LOG = {}
IDENTITY = {}


def fake_score(query, document):
    """The score the Swift tests expect: simple, deterministic, exact in binary64."""
    q = sum(query.encode("utf-8"))
    d = sum(document.encode("utf-8"))
    return ((q * 31 + d) % 997) / 997.0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # keep test output quiet
        pass

    def send_json(self, status, payload, headers=()):
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); nothing to answer

    def do_GET(self):
        path = self.path.partition("?")[0]  # a query string (?token=) is logged, not part of the path
        if path.startswith("/log/"):
            key = path[len("/log"):]
            with LOCK:
                entries = list(LOG.get(key, []))
            self.send_json(200, entries)
            return
        for suffix, field in (("/info", "info"), ("/v1/models", "models")):
            if path.endswith(suffix):
                with LOCK:
                    answer = IDENTITY.get(path[: -len(suffix)], {}).get(field)
                if answer is not None:
                    if field == "models":  # like vLLM: a creation time that changes on every call
                        answer = dict(answer, data=[dict(m, created=int(time.time() * 1000)) for m in answer.get("data", [])])
                    return self.send_json(200, answer)
        self.send_json(404, {"error": {"message": "not found"}})

    def do_PUT(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length))
        if not self.path.startswith("/identity/"):
            return self.send_json(404, {"error": {"message": "not found"}})
        with LOCK:
            IDENTITY[self.path[len("/identity"):]] = body
        self.send_json(200, {})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        path, _, query = self.path.partition("?")
        with LOCK:
            n = COUNTS.get(path, 0)
            COUNTS[path] = n + 1
            LOG.setdefault(path, []).append(
                {"time": time.time(), "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body,
                 "query": query})
        parts = path.strip("/").split("/")
        behaviour = parts[0] if parts else "ok"
        name, _, arg = behaviour.partition("-")
        limit = int(arg) if arg.isdigit() else None

        def first():  # true for the first `limit` requests on this path
            return limit is not None and n < limit

        if name == "slow" and (limit is None or first()):
            time.sleep(3)
        if (name == "drop" and first()) or name == "dropall":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if name == "429" and first():
            return self.send_json(429, {"error": {"message": "slow down"}}, [("Retry-After", "1")])
        if name == "429date" and n == 0:
            when = email.utils.formatdate(time.time() + 2, usegmt=True)
            return self.send_json(429, {"error": {"message": "slow down"}}, [("Retry-After", when)])
        if name == "429long":
            return self.send_json(429, {"error": {"message": "come back in an hour"}}, [("Retry-After", "3600")])
        if name == "500" and first():
            return self.send_json(500, {"error": {"message": "internal hiccup"}})
        if name == "503all":
            return self.send_json(503, {"error": {"message": "overloaded"}})
        if name == "400":
            return self.send_json(400, {"error": {"message": "query is too long for this model", "type": "BadRequestError"}})
        if name == "echo":  # a careless server: its error repeats the credentials it was sent
            said = f"token rejected: {self.path} with {self.headers.get('Authorization')}"
            return self.send_json(401, {"error": {"message": said}})
        if name == "notjson":
            page = b"<html><body>gateway</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)
            return
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return self.send_json(400, {"error": {"message": "body must be an object with a query"}})
        tei = "texts" in body
        documents = body.get("texts") if tei else body.get("documents")
        if not isinstance(documents, list):
            return self.send_json(400, {"error": {"message": "documents missing"}})
        scored = [(i, fake_score(body["query"], d)) for i, d in enumerate(documents)]
        scored.sort(key=lambda pair: (-pair[1], pair[0]))
        if name == "badcount":
            scored = scored[:-1]
        elif name == "badindex":
            scored[0] = (len(documents) + 5, scored[0][1])
        elif name == "dupindex" and len(scored) > 1:
            scored[1] = (scored[0][0], scored[1][1])
        elif name == "nan":
            scored[0] = (scored[0][0], float("nan"))
        elif name == "constant":
            scored = [(i, 0.5) for i, _ in sorted(scored)]
        if tei:
            return self.send_json(200, [{"index": i, "score": s} for i, s in scored])
        results = [{"index": i, "relevance_score": s} for i, s in scored]
        self.send_json(200, {"id": "fake", "model": body.get("model"), "results": results,
                             "usage": {"prompt_tokens": 0, "total_tokens": 0}})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--lifetime", type=float, default=600, help="exit after this many seconds")
    args = parser.parse_args()
    # A parent may have spawned us with these blocked; we must die when told to.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    # A test that dies without killing us must not leave a server behind: stop when stdin
    # closes (the parent exited or closed it) or after --lifetime seconds.
    def watch_stdin():
        try:
            while sys.stdin.buffer.read(1):
                pass
        except OSError:
            pass
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
