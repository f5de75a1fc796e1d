#!/usr/bin/env python3
"""Loopback stand-ins for Google Cloud Storage and Terraform Cloud that check
what the real services check, for the connector tests (no emulator exists).

  standin_server.py gcs PORT DATA_DIR SA_PUBLIC_KEY.pem CLIENT_EMAIL
      POST /token                     RFC 7523 jwt-bearer grant: the RS256
                                      assertion must verify under the service
                                      account's public key; iss, aud (this
                                      token URL), scope, iat/exp are checked.
      GET /storage/v1/b/B/o/O?alt=media   bearer token issued above
      GET /storage/v1/b/B/o?prefix=&maxResults=&pageToken=
    DATA_DIR/B/<object path> are the objects.

  standin_server.py tfc PORT DATA_DIR TOKEN ORG
      GET /api/v2/organizations/ORG/workspaces/NAME
      GET /api/v2/workspaces/ID/current-state-version
      GET /api/v2/organizations/ORG/workspaces?search[name]=&page[number]=
      GET /_archivist/v1/object/<opaque>  (no token, like the real one)
    DATA_DIR/<workspace>.tfstate are the workspaces' current states.
Every API request needs `Authorization: Bearer TOKEN`."""
import base64
import hashlib
import json
import os
import secrets
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

MODE, PORT, DATA = sys.argv[1], int(sys.argv[2]), sys.argv[3]
BASE = f"http://127.0.0.1:{PORT}"
ISSUED = set()


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_json(self, code, doc, ctype="application/json"):
        body = json.dumps(doc).encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_bytes(self, data, headers=()):
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def bearer(self):
        auth = self.headers.get("Authorization", "")
        return auth[7:] if auth.startswith("Bearer ") else None

    # ---------------------------------------------------------------- GCS
    def gcs_error(self, code, reason, message):
        self.send_json(code, {"error": {"code": code, "message": message,
                                        "errors": [{"reason": reason, "message": message}]}})

    def gcs_token(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        if form.get("grant_type") != ["urn:ietf:params:oauth:grant-type:jwt-bearer"]:
            return self.send_json(400, {"error": "unsupported_grant_type"})
        try:
            head, claims, sig = form["assertion"][0].split(".")
            header = json.loads(b64url_decode(head))
            body = json.loads(b64url_decode(claims))
            if header.get("alg") != "RS256":
                raise ValueError("alg")
            PUBLIC_KEY.verify(b64url_decode(sig), f"{head}.{claims}".encode(),
                              padding.PKCS1v15(), hashes.SHA256())
        except (KeyError, ValueError, InvalidSignature):
            return self.send_json(400, {"error": "invalid_grant",
                                        "error_description": "Invalid JWT Signature."})
        now = time.time()
        if (body.get("iss") != CLIENT_EMAIL or body.get("aud") != BASE + "/token"
                or "devstorage" not in body.get("scope", "")
                or not body.get("iat", 0) - 60 <= now <= body.get("exp", 0)
                or body["exp"] - body["iat"] > 3600):
            return self.send_json(400, {"error": "invalid_grant",
                                        "error_description": "claims rejected"})
        token = "ya29." + secrets.token_urlsafe(24)
        ISSUED.add(token)
        self.send_json(200, {"access_token": token, "expires_in": 3599,
                             "token_type": "Bearer"})

    def gcs_get(self, url):
        if self.bearer() not in ISSUED:
            return self.gcs_error(401, "required", "Anonymous caller does not have access")
        parts = url.path.split("/")  # '', storage, v1, b, B, o, [O]
        if len(parts) < 6 or parts[1:4] != ["storage", "v1", "b"] or parts[5] != "o":
            return self.gcs_error(404, "notFound", "Not Found")
        bucket = urllib.parse.unquote(parts[4])
        root = os.path.join(DATA, bucket)
        if not os.path.isdir(root):
            return self.gcs_error(404, "notFound", "The specified bucket does not exist.")
        q = urllib.parse.parse_qs(url.query)
        if len(parts) == 7:
            name = urllib.parse.unquote(parts[6])
            path = os.path.join(root, name)
            if "/" in parts[6] or ".." in name.split("/") or not os.path.isfile(path):
                return self.gcs_error(404, "notFound", f"No such object: {bucket}/{name}")
            if q.get("alt") != ["media"]:
                return self.gcs_error(400, "invalid", "alt=media expected")
            data = open(path, "rb").read()
            return self.send_bytes(data, [("ETag", '"' + hashlib.md5(data).hexdigest() + '"'),
                                          ("x-goog-generation", "1700000000000001")])
        names = sorted(os.path.relpath(os.path.join(d, f), root)
                       for d, _, fs in os.walk(root) for f in fs)
        prefix = q.get("prefix", [""])[0]
        names = [n for n in names if n.startswith(prefix)]
        size = min(int(q.get("maxResults", ["1000"])[0]), 1000)
        start = int(q.get("pageToken", ["0"])[0])
        page = names[start:start + size]
        doc = {"kind": "storage#objects", "items": [
            {"kind": "storage#object", "name": n, "bucket": bucket,
             "size": str(os.path.getsize(os.path.join(root, n))),
             "etag": "CAE=", "generation": "1700000000000001",
             "updated": "2024-01-01T00:00:00.000Z"} for n in page]}
        if start + size < len(names):
            doc["nextPageToken"] = str(start + size)
        self.send_json(200, doc)

    # ---------------------------------------------------------------- TFC
    def tfc_error(self, code, title):
        self.send_json(code, {"errors": [{"status": str(code), "title": title}]},
                       "application/vnd.api+json")

    def tfc_get(self, url):
        if url.path.startswith("/_archivist/v1/object/"):
            name = base64.urlsafe_b64decode(url.path.rsplit("/", 1)[1]).decode()
            return self.send_bytes(open(os.path.join(DATA, name + ".tfstate"), "rb").read())
        if self.bearer() != TOKEN:
            return self.tfc_error(401, "unauthorized")
        parts = [urllib.parse.unquote(p) for p in url.path.split("/")]
        workspaces = sorted(f[:-8] for f in os.listdir(DATA) if f.endswith(".tfstate"))
        if parts[1:5] == ["api", "v2", "organizations", ORG] and len(parts) == 7 \
                and parts[5] == "workspaces":
            if parts[6] not in workspaces:
                return self.tfc_error(404, "not found")
            return self.send_json(200, {"data": {"id": "ws-" + parts[6], "type": "workspaces",
                                                 "attributes": {"name": parts[6]}}},
                                  "application/vnd.api+json")
        if parts[1:5] == ["api", "v2", "organizations", ORG] and len(parts) == 6 \
                and parts[5] == "workspaces":
            q = urllib.parse.parse_qs(url.query)
            search = q.get("search[name]", [""])[0]
            number = int(q.get("page[number]", ["1"])[0])
            size = int(q.get("page[size]", ["20"])[0])
            match = [w for w in workspaces if search in w]
            page = match[(number - 1) * size:number * size]
            more = number * size < len(match)
            return self.send_json(200, {
                "data": [{"id": "ws-" + w, "type": "workspaces", "attributes": {"name": w}}
                         for w in page],
                "meta": {"pagination": {"current-page": number,
                                        "next-page": number + 1 if more else None}}},
                "application/vnd.api+json")
        if parts[1:4] == ["api", "v2", "workspaces"] and len(parts) == 6 \
                and parts[5] == "current-state-version":
            name = parts[4][3:]
            if name not in workspaces:
                return self.tfc_error(404, "not found")
            data = open(os.path.join(DATA, name + ".tfstate"), "rb").read()
            serial = json.loads(data).get("serial", 0)
            opaque = base64.urlsafe_b64encode(name.encode()).decode()
            return self.send_json(200, {"data": {
                "id": "sv-" + hashlib.sha256(data).hexdigest()[:16], "type": "state-versions",
                "attributes": {"serial": serial, "created-at": "2024-01-01T00:00:00.000Z",
                               "hosted-state-download-url":
                                   f"{BASE}/_archivist/v1/object/{opaque}"}}},
                "application/vnd.api+json")
        return self.tfc_error(404, "not found")

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/":
            return self.send_json(200, {"ready": True})
        return self.gcs_get(url) if MODE == "gcs" else self.tfc_get(url)

    def do_POST(self):
        if MODE == "gcs" and self.path == "/token":
            return self.gcs_token()
        self.send_json(404, {"error": "not found"})


if MODE == "gcs":
    PUBLIC_KEY = serialization.load_pem_public_key(open(sys.argv[4], "rb").read())
    CLIENT_EMAIL = sys.argv[5]
else:
    TOKEN, ORG = sys.argv[4], sys.argv[5]
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
