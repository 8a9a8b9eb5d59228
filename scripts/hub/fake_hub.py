#!/usr/bin/env python3
"""A local stand-in for the Hugging Face Hub, for the Hub module's tests.

Serves model repositories, each made from a local folder, in the hub's URL layout and with its
headers, on 127.0.0.1 only:

  GET  /api/models/{id}/revision/{rev}     -> {"id", "sha", "siblings": [{"rfilename"}...]}
  GET  /api/models/{id}/tree/{rev}         -> [{"type", "path", "size", "oid", "lfs"}...] (all files)
  HEAD /{id}/resolve/{rev}/{file}          -> X-Repo-Commit, ETag; LFS files (*.safetensors)
                                              also X-Linked-Etag (sha256) and X-Linked-Size, and
                                              with --redirect a 302 to /blobs/{sha256}
  GET  /{id}/resolve/{rev}/{file}          -> the bytes (Range supported), or the same 302
  GET  /blobs/{sha256}                     -> the bytes of an LFS file (Range supported)

Small (non-LFS) files carry their git blob sha1 as ETag, LFS files their sha256, as the hub does.
Errors carry X-Error-Code (RepoNotFound, RevisionNotFound, EntryNotFound) like the hub's.

Test modes: --break-after N closes the connection after N body bytes of the first LFS body
(once); --corrupt FILE serves FILE with one byte flipped under the right etag; --token T answers
401 to requests to /api and /resolve without `Authorization: Bearer T`; --log F appends one JSON
line per request (method, path, range header, whether an Authorization header came).
With --port 0 the chosen port is printed on stdout.
"""
import argparse
import hashlib
import json
import os
import re
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

LFS_SUFFIXES = (".safetensors", ".bin")


class Repo:
    def __init__(self, repo_id, folder):
        self.id = repo_id
        self.files = {}  # rfilename -> dict(data, etag, lfs)
        for root, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(root, name)
                rel = os.path.relpath(path, folder).replace(os.sep, "/")
                with open(path, "rb") as f:
                    data = f.read()
                lfs = rel.endswith(LFS_SUFFIXES)
                if lfs:
                    etag = hashlib.sha256(data).hexdigest()
                else:
                    etag = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
                self.files[rel] = {"data": data, "etag": etag, "lfs": lfs}
        listing = "".join(f"{n}:{self.files[n]['etag']}\n" for n in sorted(self.files))
        self.commit = hashlib.sha1(listing.encode()).hexdigest()

    def resolves(self, revision):
        return revision in ("main", self.commit)


class State:
    def __init__(self, args):
        self.repos = {}
        for spec in args.repo:
            repo_id, _, folder = spec.partition("=")
            self.repos[repo_id] = Repo(repo_id, folder)
        self.blobs = {f["etag"]: (name, f) for r in self.repos.values() for name, f in r.files.items() if f["lfs"]}
        self.args = args
        self.lock = threading.Lock()
        self.break_pending = args.break_after is not None

    def log(self, record):
        if self.args.log:
            with self.lock, open(self.args.log, "a") as f:
                f.write(json.dumps(record) + "\n")

    def take_break(self):
        with self.lock:
            pending = self.break_pending
            self.break_pending = False
            return pending


API_PATH = re.compile(r"^/api/models/([^/]+/[^/]+)/revision/([^/]+)$")
TREE_PATH = re.compile(r"^/api/models/([^/]+/[^/]+)/tree/([^/]+)$")
RESOLVE_PATH = re.compile(r"^/([^/]+/[^/]+)/resolve/([^/]+)/(.+)$")
BLOB_PATH = re.compile(r"^/blobs/([0-9a-f]{64})$")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: State = None  # set in main

    def log_message(self, format, *args):  # keep stderr quiet; requests go to --log
        pass

    def do_HEAD(self):
        self.route(head=True)

    def do_GET(self):
        self.route(head=False)

    def route(self, head):
        path = urlsplit(self.path).path
        self.state.log({
            "method": self.command, "path": path,
            "range": self.headers.get("Range"), "auth": self.headers.get("Authorization") is not None,
        })
        if BLOB_PATH.match(path):
            return self.serve_blob(BLOB_PATH.match(path).group(1), head)
        if not self.authorized():
            return self.error(401, "Unauthorized", "Invalid credentials in Authorization header")
        m = API_PATH.match(path)
        if m and not head:
            return self.serve_info(unquote(m.group(1)), unquote(m.group(2)))
        m = TREE_PATH.match(path)
        if m and not head:
            return self.serve_tree(unquote(m.group(1)), unquote(m.group(2)))
        m = RESOLVE_PATH.match(path)
        if m:
            return self.serve_resolve(unquote(m.group(1)), unquote(m.group(2)), unquote(m.group(3)), head)
        return self.error(404, "EntryNotFound", f"no route for {path}")

    def authorized(self):
        token = self.state.args.token
        return token is None or self.headers.get("Authorization") == f"Bearer {token}"

    def find_repo(self, repo_id, revision):
        repo = self.state.repos.get(repo_id)
        if repo is None:
            # The hub answers 401 to anonymous requests for repos it will not reveal.
            self.error(401, "RepoNotFound", "Repository not found")
            return None
        if not repo.resolves(revision):
            self.error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
            return None
        return repo

    def serve_info(self, repo_id, revision):
        repo = self.find_repo(repo_id, revision)
        if repo is None:
            return
        self.send_json({
            "_id": repo.commit[:24], "id": repo.id, "modelId": repo.id, "sha": repo.commit, "private": False,
            "siblings": [{"rfilename": n} for n in sorted(repo.files)],
        })

    def serve_tree(self, repo_id, revision):
        repo = self.find_repo(repo_id, revision)
        if repo is None:
            return
        entries = []
        for name in sorted(repo.files):
            f = repo.files[name]
            entry = {"type": "file", "path": name, "size": len(f["data"])}
            if f["lfs"]:
                entry["oid"] = hashlib.sha1(f["etag"].encode()).hexdigest()  # stands in for the pointer's oid
                entry["lfs"] = {"oid": f["etag"], "size": len(f["data"]), "pointerSize": 134}
            else:
                entry["oid"] = f["etag"]
            entries.append(entry)
        self.send_json(entries)

    def send_json(self, value):
        body = json.dumps(value).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def serve_resolve(self, repo_id, revision, filename, head):
        repo = self.find_repo(repo_id, revision)
        if repo is None:
            return
        entry = repo.files.get(filename)
        if entry is None:
            return self.error(404, "EntryNotFound", f"{filename} does not exist", commit=repo.commit)
        extra = {"X-Repo-Commit": repo.commit, "ETag": f'"{entry["etag"]}"'}
        if entry["lfs"]:
            extra["X-Linked-Etag"] = f'"{entry["etag"]}"'
            extra["X-Linked-Size"] = str(len(entry["data"]))
            if self.state.args.redirect:
                host = self.state.args.cdn_host
                port = self.server.server_address[1]
                extra["Location"] = f"http://{host}:{port}/blobs/{entry['etag']}?signed=1"
                self.send_response(302)
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        self.serve_bytes(filename, entry, head, extra)

    def serve_blob(self, sha, head):
        found = self.state.blobs.get(sha)
        if found is None:
            return self.error(404, "EntryNotFound", "no such blob")
        name, entry = found
        self.serve_bytes(name, entry, head, {"ETag": f'"{sha}"'})

    def serve_bytes(self, name, entry, head, extra):
        data = entry["data"]
        if name == self.state.args.corrupt and data:
            mid = len(data) // 2
            data = data[:mid] + bytes([data[mid] ^ 0xFF]) + data[mid + 1:]
        total = len(data)
        start, end, status = 0, total - 1, 200
        spec = self.headers.get("Range")
        if spec:
            m = re.fullmatch(r"bytes=(\d+)-(\d*)", spec.strip())
            if m is None or int(m.group(1)) >= total:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{total}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            start = int(m.group(1))
            end = min(int(m.group(2)), total - 1) if m.group(2) else total - 1
            status = 206
        body = data[start:end + 1]
        self.send_response(status)
        for k, v in extra.items():
            self.send_header(k, v)
        self.send_header("Accept-Ranges", "bytes")
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{total}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if head:
            return
        limit = self.state.args.break_after
        if entry["lfs"] and limit is not None and len(body) > limit and self.state.take_break():
            self.wfile.write(body[:limit])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.wfile.write(body)

    def error(self, status, code, message, commit=None):
        body = json.dumps({"error": message}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", message)
        if commit:
            self.send_header("X-Repo-Commit", commit)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", action="append", default=[], help="ID=FOLDER, repeatable")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", help="append one JSON line per request to this file")
    parser.add_argument("--redirect", action="store_true", help="302 LFS files to /blobs/{sha256}")
    parser.add_argument("--cdn-host", default="localhost", help="host name used in redirect URLs")
    parser.add_argument("--break-after", type=int, help="cut the first LFS body after this many bytes")
    parser.add_argument("--corrupt", help="serve this file with one byte flipped")
    parser.add_argument("--token", help="require Authorization: Bearer TOKEN")
    args = parser.parse_args()
    # A parent that blocked signals in its spawning thread hands that mask down: unblock them.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    Handler.state = State(args)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
