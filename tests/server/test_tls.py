"""HTTPS on the server itself: --tls-cert/--tls-key, reloaded on SIGHUP.

What a user without a reverse proxy relies on: curl and Python's ssl
connect with full certificate checks against the CA that signed the
server's certificate; TLS below 1.2 and plain HTTP are refused; a SIGHUP
after the files were replaced by a valid pair switches new connections to
the new certificate, while an expired certificate or a key that does not
match keeps the one in use and the log says why. A throwaway CA and
certificates are made with the openssl command line in the test.
"""
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
import warnings

import pytest

from server_harness import CLI, free_port

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None,
                                reason="needs the openssl command line")


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True,
                   capture_output=True)


def make_ca(d):
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-keyout", "ca.key", "-out",
            "ca.pem", "-days", "2", "-nodes", "-subj", "/CN=driftwise test CA",
            cwd=d)
    with open(os.path.join(d, "ext.cnf"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")


def make_cert(d, name, days):
    """A key and a certificate for 127.0.0.1 signed by the CA; days < 0
    gives one that has already expired."""
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-keyout", f"{name}.key", "-out", f"{name}.csr", "-nodes",
            "-subj", f"/CN={name}", cwd=d)
    openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey",
            "ca.key", "-CAcreateserial", "-out", f"{name}.pem", "-days",
            str(days), "-extfile", "ext.cnf", cwd=d)
    return os.path.join(d, f"{name}.pem"), os.path.join(d, f"{name}.key")


def install(src_cert, src_key, cert, key):
    shutil.copyfile(src_cert, cert)
    shutil.copyfile(src_key, key)


def fingerprint_served(port, ca):
    ctx = ssl.create_default_context(cafile=ca)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as s:
            return hashlib.sha256(s.getpeercert(binary_form=True)).hexdigest()


def fingerprint_file(path):
    der = ssl.PEM_cert_to_DER_cert(open(path).read())
    return hashlib.sha256(der).hexdigest()


def https_get(port, ca, path, token=None):
    ctx = ssl.create_default_context(cafile=ca)
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx,
                                       timeout=10)
    headers = {"Authorization": "Bearer " + token} if token else {}
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, body


def wait_for_log(path, needle, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        text = open(path, errors="replace").read()
        if needle in text:
            return text
        time.sleep(0.05)
    raise AssertionError(f"{needle!r} not logged:\n{text[-2000:]}")


def test_https_with_certificate_checks_and_reload(tmp_path):
    d = str(tmp_path)
    make_ca(d)
    first = make_cert(d, "first", 1)
    second = make_cert(d, "second", 1)
    expired = make_cert(d, "expired", -1)
    ca = os.path.join(d, "ca.pem")
    cert, key = os.path.join(d, "server.pem"), os.path.join(d, "server.key")
    install(*first, cert, key)

    issuer = os.path.join(d, "issuer")
    subprocess.run([CLI, "dev-issuer", "init", issuer], check=True,
                   capture_output=True)
    port = free_port()
    log = os.path.join(d, "server.stderr")
    with open(log, "wb") as err:
        proc = subprocess.Popen(
            [CLI, "serve", "--listen", f"127.0.0.1:{port}", "--db",
             os.path.join(d, "dw.db"), "--dev-issuer", issuer,
             "--allowed-domain", "example.com", "--access-log", "off",
             "--tls-cert", cert, "--tls-key", key],
            stdout=err, stderr=err)
    try:
        deadline = time.time() + 20
        while True:
            try:
                assert https_get(port, ca, "/healthz")[0] == 200
                break
            except (OSError, ssl.SSLError):
                assert proc.poll() is None, open(log).read()
                assert time.time() < deadline, open(log).read()
                time.sleep(0.05)
        assert "https://" in open(log).read()

        # Python's ssl, certificate and host name checked, authenticated.
        token = subprocess.run([CLI, "dev-issuer", "token", issuer, "--email",
                                "ann@example.com"], check=True,
                               capture_output=True, text=True).stdout.strip()
        status, body = https_get(port, ca, "/api/v2/admin/me", token)
        assert status == 200, body
        assert json.loads(body)["email"] == "ann@example.com"

        # curl, with its own certificate checks.
        if shutil.which("curl"):
            out = subprocess.run(
                ["curl", "-sS", "--cacert", ca, "-w", "\n%{http_code}",
                 f"https://127.0.0.1:{port}/healthz"],
                capture_output=True, text=True, timeout=20)
            assert out.returncode == 0, out.stderr
            assert out.stdout.rsplit("\n", 1)[1] == "200"
            # Without the CA the certificate is not trusted.
            out = subprocess.run(["curl", "-sS",
                                  f"https://127.0.0.1:{port}/healthz"],
                                 capture_output=True, text=True, timeout=20)
            assert out.returncode != 0

        # TLS 1.1 is refused; so is plain HTTP on the TLS port.
        old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        old.load_verify_locations(ca)
        with warnings.catch_warnings():  # TLS 1.1 is deprecated: the point
            warnings.simplefilter("ignore", DeprecationWarning)
            old.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
            old.maximum_version = ssl.TLSVersion.TLSv1_1
        with pytest.raises((ssl.SSLError, OSError)):
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                old.wrap_socket(s, server_hostname="127.0.0.1")
        plain = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        with pytest.raises((OSError, http.client.HTTPException)):
            plain.request("GET", "/healthz")
            plain.getresponse().read()
        plain.close()
        # The server is fine after those.
        assert https_get(port, ca, "/healthz")[0] == 200

        assert fingerprint_served(port, ca) == fingerprint_file(first[0])

        # An expired certificate at reload: refused, the old one stays.
        install(*expired, cert, key)
        proc.send_signal(signal.SIGHUP)
        wait_for_log(log, "expired")
        assert fingerprint_served(port, ca) == fingerprint_file(first[0])

        # A key that does not match the certificate: refused too.
        install(second[0], first[1], cert, key)
        proc.send_signal(signal.SIGHUP)
        wait_for_log(log, "does not match")
        assert fingerprint_served(port, ca) == fingerprint_file(first[0])

        # A valid pair: new connections get it.
        install(*second, cert, key)
        proc.send_signal(signal.SIGHUP)
        wait_for_log(log, "TLS certificate reloaded")
        assert fingerprint_served(port, ca) == fingerprint_file(second[0])
        assert https_get(port, ca, "/healthz")[0] == 200

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_unusable_tls_files_fail_at_start_naming_the_file(tmp_path):
    d = str(tmp_path)
    make_ca(d)
    cert, key = make_cert(d, "gone", -1)
    issuer = os.path.join(d, "issuer")
    subprocess.run([CLI, "dev-issuer", "init", issuer], check=True,
                   capture_output=True)
    for args, needle in (
            (["--tls-cert", cert, "--tls-key", key], "expired"),
            (["--tls-cert", os.path.join(d, "missing.pem"), "--tls-key", key],
             "missing.pem"),
            (["--tls-cert", cert], "both")):
        out = subprocess.run(
            [CLI, "serve", "--listen", f"127.0.0.1:{free_port()}", "--db",
             os.path.join(d, "dw.db"), "--dev-issuer", issuer,
             "--access-log", "off", *args],
            capture_output=True, text=True, timeout=20)
        assert out.returncode == 2, out.stderr
        assert needle in out.stderr, out.stderr
