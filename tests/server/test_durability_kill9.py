"""kill -9 during a write load loses no acknowledged write (issue 7, Proof).

One database, many rounds. Each round starts `driftwise serve` on it, runs
client threads that create API keys (bearer token and API key callers),
orgs and allowed domains, SIGKILLs the server 0.2-1.0 s into the load,
restarts it on the same file and checks:

  * every write that was acknowledged (a 2xx with the new id) is listed by
    the API after the restart;
  * nothing is half-applied: every key, org and domain row has exactly its
    creation audit event, and every creation event has its row;
  * GET /admin/audit-log/verify and every org chain's verify answer
    "intact", never behind the head seen in the previous round
    (expected_min_seq), and cover every chain in the database;
  * PRAGMA integrity_check is "ok".

State accumulates across rounds, so later rounds also re-check what earlier
rounds wrote.
"""
import http.client
import json
import os
import random
import signal
import sqlite3
import threading
import time

from server_harness import Server

ROUNDS = int(os.environ.get("DW_KILL9_ROUNDS", "20"))
LOAD_ORGS = 2


class Acked:
    """Writes the server acknowledged, shared by the load threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.keys = {}     # key id -> org id
        self.orgs = {}     # org id -> slug
        self.domains = {}  # domain id -> domain
        self.failures = []  # unexpected non-2xx answers (not crashes)
        self.cut = 0       # requests cut off by the kill (unacknowledged)


def client_loop(port, stop, acked, make_request, record):
    """Sends writes on one keep-alive connection until `stop` is set."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    n = 0
    while not stop.is_set():
        method, path, body, headers = make_request(n)
        n += 1
        try:
            conn.request(method, path, body=json.dumps(body).encode(),
                         headers=dict(headers,
                                      **{"Content-Type": "application/json"}))
            resp = conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException):
            # The kill cut this request off (or the server closed the
            # connection): not acknowledged. Reconnect unless we are done.
            with acked.lock:
                acked.cut += 1
            conn.close()
            if stop.wait(0.01):
                break
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            continue
        if 200 <= resp.status < 300:
            with acked.lock:
                record(json.loads(data))
        else:
            with acked.lock:
                acked.failures.append((method, path, resp.status, data[:300]))
    conn.close()


def run_load_and_kill(server, rnd, orgs, token, write_key, acked, rng):
    stop = threading.Event()
    bearer = {"Authorization": "Bearer " + token}
    by_key = {"X-API-Key": write_key}
    threads = []

    def key_writer(org, headers, tag):
        def make(n):
            return ("POST", f"/api/v2/orgs/{org}/api-keys",
                    {"name": f"k{rnd}-{tag}-{n}", "scopes": ["write"]}, headers)

        def record(body):
            acked.keys[body["id"]] = org
        return make, record

    for i, org in enumerate(orgs):
        threads.append(key_writer(org, bearer, f"o{i}b"))
    threads.append(key_writer(orgs[0], by_key, "key"))

    def make_org(n):
        return ("POST", "/api/v2/admin/orgs",
                {"slug": f"k9-r{rnd}-{n}", "display_name": f"Round {rnd} #{n}"},
                bearer)

    def record_org(body):
        acked.orgs[body["id"]] = body["slug"]
    threads.append((make_org, record_org))

    def make_domain(n):
        return ("POST", "/api/v2/admin/domains",
                {"domain": f"r{rnd}-{n}.kill9.test"}, bearer)

    def record_domain(body):
        acked.domains[body["id"]] = body["domain"]
    threads.append((make_domain, record_domain))

    workers = [threading.Thread(target=client_loop,
                                args=(server.port, stop, acked, make, record))
               for make, record in threads]
    for w in workers:
        w.start()
    time.sleep(rng.uniform(0.2, 1.0))
    server.stop(signal.SIGKILL)
    assert server.proc.returncode == -signal.SIGKILL
    stop.set()
    for w in workers:
        w.join(timeout=30)
        assert not w.is_alive(), "a load thread hung after the kill"


def list_all(server, token, path, items_key):
    """Every item of a paginated list (limit/offset/total or X-Total-Count)."""
    out, offset = [], 0
    while True:
        sep = "&" if "?" in path else "?"
        r = server.request("GET", f"{path}{sep}limit=500&offset={offset}",
                           token=token)
        assert r.status == 200, (path, r.status, r.body)
        body = r.json()
        if items_key is None:
            page, total = body, int(r.headers["X-Total-Count"])
        else:
            page, total = body[items_key], body["total"]
        out.extend(page)
        offset += len(page)
        if not page or offset >= total:
            return out


def check_database(db):
    """integrity_check, then every row paired with its creation event."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        events = {}
        for chain, action, target in con.execute(
                "SELECT chain_id, action, target FROM audit_events"):
            events.setdefault((action, target), []).append(chain)

        def paired(rows, action, prefix, chain_of):
            ids = set()
            for row_id, owner in rows:
                ids.add(row_id)
                chains = events.get((action, prefix + row_id), [])
                assert chains == [chain_of(owner)], \
                    f"{prefix}{row_id}: {action} events on chains {chains}"
            orphans = [t for (a, t) in events
                       if a == action and t[len(prefix):] not in ids]
            assert not orphans, f"{action} events without their row: {orphans}"
            return ids

        key_ids = paired(con.execute("SELECT id, org_id FROM api_keys"),
                         "api_key.created", "api_key:", lambda o: "org:" + o)
        org_ids = paired(con.execute("SELECT id, '' FROM orgs"),
                         "org.created", "org:", lambda _: "platform")
        domain_ids = paired(con.execute("SELECT id, '' FROM allowed_domains"),
                            "domain.added", "domain:", lambda _: "platform")
        chains = {c for (c,) in con.execute("SELECT chain_id FROM chain_heads")}
        heads = dict(con.execute(
            "SELECT chain_id, MAX(seq) FROM audit_events GROUP BY chain_id"))
        return key_ids, org_ids, domain_ids, chains, heads
    finally:
        con.close()


def verify(server, token, path, min_seq):
    query = f"?expected_min_seq={min_seq}" if min_seq is not None else ""
    r = server.request("GET", path + query, token=token)
    assert r.status == 200, (path, r.status, r.body)
    report = r.json()
    assert report["status"] == "intact", (path, report)
    assert report["first_bad_seq"] is None, (path, report)
    assert report["checked"] == report["head_seq"] + 1, (path, report)
    return report["head_seq"]


def test_kill9_during_writes_loses_no_acknowledged_write(tmp_path):
    rng = random.Random(os.environ.get("DW_KILL9_SEED") or time.time_ns())
    server = Server(tmp_path)
    try:
        token = server.token("alice@example.com")
        assert server.request("GET", "/api/v2/admin/me",
                              token=token).json()["is_platform_admin"]
        orgs = []
        for i in range(LOAD_ORGS):
            r = server.request("POST", "/api/v2/orgs",
                               {"slug": f"load-{i}", "display_name": f"Load {i}"},
                               token=token)
            assert r.status == 201, r.body
            orgs.append(r.json()["id"])
        server.stop()
        # Unlimited keys, so the load never meets a 402.
        con = sqlite3.connect(server.db)
        con.executemany("UPDATE orgs SET plan = 'enterprise' WHERE id = ?",
                        [(o,) for o in orgs])
        con.commit()
        con.close()
        server.start()
        r = server.request("POST", f"/api/v2/orgs/{orgs[0]}/api-keys",
                           {"name": "loader", "scopes": ["write"]}, token=token)
        assert r.status == 201, r.body
        write_key = r.json()["raw_key"]
        acked = Acked()
        acked.keys[r.json()["id"]] = orgs[0]
        prev_heads = {}
        started = time.time()
        per_round = []
        for rnd in range(ROUNDS):
            before = (len(acked.keys), len(acked.orgs), len(acked.domains))
            run_load_and_kill(server, rnd, orgs, token, write_key, acked, rng)
            server.start()
            assert not acked.failures, acked.failures[:5]

            # Every acknowledged write is served after the restart.
            for org in orgs:
                listed = {k["id"] for k in list_all(
                    server, token, f"/api/v2/orgs/{org}/api-keys", "api_keys")}
                lost = {k for k, o in acked.keys.items() if o == org} - listed
                assert not lost, f"round {rnd}: acknowledged keys lost: {lost}"
            listed = {o["id"] for o in list_all(server, token,
                                                "/api/v2/admin/orgs", None)}
            lost = set(acked.orgs) - listed
            assert not lost, f"round {rnd}: acknowledged orgs lost: {lost}"
            r = server.request("GET", "/api/v2/admin/domains", token=token)
            listed = {d["id"] for d in r.json()}
            lost = set(acked.domains) - listed
            assert not lost, f"round {rnd}: acknowledged domains lost: {lost}"

            # Rows and their audit events: all pairs whole, none half-applied.
            key_ids, org_ids, domain_ids, chains, heads = check_database(
                server.db)
            assert set(acked.keys) <= key_ids
            assert set(acked.orgs) <= org_ids
            assert set(acked.domains) <= domain_ids

            # Every chain verifies through the API, none went backwards.
            assert chains == {"platform"} | {"org:" + o for o in orgs}, chains
            head = verify(server, token, "/api/v2/admin/audit-log/verify",
                          prev_heads.get("platform"))
            assert head == heads["platform"]
            prev_heads["platform"] = head
            for org in orgs:
                chain = "org:" + org
                head = verify(server, token,
                              f"/api/v2/orgs/{org}/audit-log/verify",
                              prev_heads.get(chain))
                assert head == heads[chain]
                prev_heads[chain] = head
            per_round.append(tuple(
                a - b for a, b in zip((len(acked.keys), len(acked.orgs),
                                       len(acked.domains)), before)))
        elapsed = time.time() - started
        print(f"\n{ROUNDS} kill -9 rounds in {elapsed:.1f} s; acknowledged "
              f"keys/orgs/domains per round: {per_round}; requests cut off by "
              f"the kills: {acked.cut}")
        # The test means something only if writes were in flight.
        assert len(acked.keys) > ROUNDS and len(acked.orgs) > ROUNDS / 2
        assert len(acked.domains) > ROUNDS / 2
        assert acked.cut >= ROUNDS / 2
    finally:
        server.stop(signal.SIGKILL)
