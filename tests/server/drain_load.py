"""One round of SIGTERM under load, shared by test_drain_under_load.py (a
few rounds in CI) and bench/server_drain.py (20 rounds with figures).

Client threads send signed-in GETs and writes (POST .../api-keys), each on a
new connection with Connection: close, as fast as the server answers; after
a moment the server gets SIGTERM. Each request ends as
  answered - a full response (the status is kept),
  refused   - connect() refused: the listener was already closed,
  dropped   - connected, sent, and no full answer: a reset or an early EOF.
An accepted request must never be dropped, and the process must exit 0
within the drain timeout.
"""
import http.client
import signal
import threading
import time


def _client(port, path, method, body, headers, stop, outcomes, lock):
    while not stop.is_set():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        try:
            conn.connect()
        except ConnectionRefusedError:
            with lock:
                outcomes.append(("refused",))
            return
        except OSError as e:
            with lock:
                outcomes.append(("connect_error", repr(e)))
            return
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            with lock:
                outcomes.append(("answered", resp.status))
        except (OSError, http.client.HTTPException) as e:
            with lock:
                outcomes.append(("dropped", repr(e)))
        finally:
            conn.close()


def drain_round(server, token, org, clients=8, writers=2, load_s=0.5,
                drain_timeout_s=10):
    """Runs the load, sends SIGTERM, returns a dict of figures."""
    outcomes, lock, stop = [], threading.Lock(), threading.Event()
    auth = {"Authorization": "Bearer " + token, "Connection": "close"}
    threads = [threading.Thread(target=_client, args=(
        server.port, f"/api/v2/orgs/{org}", "GET", None, auth, stop,
        outcomes, lock)) for _ in range(clients)]
    write_headers = dict(auth, **{"Content-Type": "application/json"})
    threads += [threading.Thread(target=_client, args=(
        server.port, f"/api/v2/orgs/{org}/api-keys", "POST",
        b'{"name":"drain","scopes":["read"]}', write_headers, stop, outcomes,
        lock)) for _ in range(writers)]
    for t in threads:
        t.start()
    time.sleep(load_s)
    signalled = time.monotonic()
    server.proc.send_signal(signal.SIGTERM)
    try:
        code = server.proc.wait(timeout=drain_timeout_s + 10)
    finally:
        exit_s = time.monotonic() - signalled
        stop.set()
        for t in threads:
            t.join(timeout=30)
        if server.proc.poll() is None:
            server.proc.kill()
        server.stderr.close()
    answered = [o for o in outcomes if o[0] == "answered"]
    return {
        "exit_code": code,
        "exit_s": exit_s,
        "answered": len(answered),
        "bad_status": [o for o in answered if o[1] not in (200, 201)],
        "refused": sum(1 for o in outcomes if o[0] == "refused"),
        "dropped": [o for o in outcomes if o[0] in ("dropped",
                                                     "connect_error")],
    }
