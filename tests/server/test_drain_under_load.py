"""SIGTERM under load, three rounds (bench/server_drain.py runs 20): no
accepted request is dropped, every answer is complete, and the server exits
0 within its drain timeout. See drain_load.py for the accounting."""
import sqlite3

from drain_load import drain_round
from server_harness import Server

ROUNDS = 3
DRAIN_TIMEOUT_S = 5


def test_sigterm_under_load_drops_no_accepted_request(tmp_path):
    server = Server(tmp_path, extra_args=[
        "--drain-timeout", str(DRAIN_TIMEOUT_S)])
    token = server.token("alice@example.com")
    assert server.request("GET", "/api/v2/admin/me", token=token).status == 200
    r = server.request("POST", "/api/v2/orgs",
                       {"slug": "acme", "display_name": "Acme"}, token=token)
    assert r.status == 201, r.body
    org = r.json()["id"]
    # Enterprise plan: key creation never meets the plan's key limit.
    server.stop()
    con = sqlite3.connect(server.db)
    con.execute("UPDATE orgs SET plan = 'enterprise' WHERE id = ?", (org,))
    con.commit()
    con.close()
    for round_no in range(ROUNDS):
        server.start()
        fig = drain_round(server, token, org,
                          drain_timeout_s=DRAIN_TIMEOUT_S)
        print(f"\nround {round_no}: {fig['answered']} answered, "
              f"{fig['refused']} refused after close, exit in "
              f"{fig['exit_s']:.2f} s")
        assert fig["exit_code"] == 0, open(server.stderr_path).read()[-2000:]
        assert not fig["dropped"], fig["dropped"][:5]
        assert not fig["bad_status"], fig["bad_status"][:5]
        assert fig["answered"] > 0
        assert fig["exit_s"] < DRAIN_TIMEOUT_S
