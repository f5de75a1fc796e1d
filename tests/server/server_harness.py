"""Starts a real `driftwise serve` process for integration tests.

Each test gets its own temporary directory holding the SQLite database, the
dev issuer (signing key + JWKS) and the access log, and a server on a free
loopback port. Tokens come from `driftwise dev-issuer token`, exactly as a
user would make them.
"""
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

CLI = os.environ.get("DW_CLI", "driftwise")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)


class Server:
    """A running `driftwise serve`. Use as a context manager or call stop()."""

    def __init__(self, workdir, allowed_domains=("example.com",), extra_args=(),
                 env=None):
        self.workdir = str(workdir)
        self.issuer_dir = os.path.join(self.workdir, "issuer")
        self.db = os.path.join(self.workdir, "driftwise.db")
        self.access_log = os.path.join(self.workdir, "access.log")
        self.stderr_path = os.path.join(self.workdir, "server.stderr")
        if not os.path.exists(os.path.join(self.issuer_dir, "jwks.json")):
            subprocess.run([CLI, "dev-issuer", "init", self.issuer_dir],
                           check=True, capture_output=True)
        self.allowed_domains = list(allowed_domains)
        self.extra_args = list(extra_args)
        self.env = dict(os.environ, **(env or {}))
        self.proc = None
        self.port = None
        self.start()

    def start(self):
        self.port = free_port()
        args = [CLI, "serve", "--listen", f"127.0.0.1:{self.port}",
                "--db", self.db, "--dev-issuer", self.issuer_dir,
                "--access-log", self.access_log] + self.extra_args
        for d in self.allowed_domains:
            args += ["--allowed-domain", d]
        self.stderr = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen(args, stdout=self.stderr, stderr=self.stderr,
                                     env=self.env)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: " + open(self.stderr_path).read())
            try:
                if self.request("GET", "/healthz").status == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not become healthy")

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=timeout)
        if self.proc:
            self.stderr.close()
        return self.proc.returncode if self.proc else None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def token(self, email, *extra):
        out = subprocess.run([CLI, "dev-issuer", "token", self.issuer_dir,
                              "--email", email, *extra],
                             check=True, capture_output=True, text=True)
        return out.stdout.strip()

    def request(self, method, path, body=None, token=None, api_key=None,
                headers=None, timeout=10):
        data = None
        hdrs = dict(headers or {})
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        if token:
            hdrs["Authorization"] = "Bearer " + token
        if api_key:
            hdrs["X-API-Key"] = api_key
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}",
                                     data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return Response(r.status, dict(r.headers), r.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, dict(e.headers), e.read())
