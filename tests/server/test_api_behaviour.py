"""What users of the DriftWise API v2 server rely on, over real HTTP.

Each test starts its own `driftwise serve` on a fresh SQLite file (see
server_harness.py) and drives it as a client would. Authorization per route
and role is covered by test_authz_matrix.py and JWT rejection by
test_jwt_negative_http.py; this file covers the behaviour of the routes:
bootstrap, domains, orgs, memberships, plan limits, API keys, users, the
audit log, paging, limits on requests and the error envelope.
"""
import http.client
import json
import re
import sqlite3
import threading

import pytest

from server_harness import Response, Server

ERROR_KEYS = {"error", "error_class", "request_id"}


# ---------------------------------------------------------------- helpers

def expect_error(r, status, error_class=None, mentions=()):
    """Asserts an error answer: status, the envelope, the matching request
    id header, and that the message names what was wrong."""
    assert r.status == status, (r.status, r.body)
    body = r.json()
    assert ERROR_KEYS <= set(body), body
    assert body["error"] and body["error_class"] and body["request_id"], body
    assert r.headers.get("X-Request-ID") == body["request_id"], (r.headers, body)
    if error_class:
        assert body["error_class"] == error_class, body
    for word in mentions:
        assert word in body["error"], (word, body)
    return body


def ok(r, status=200):
    assert r.status == status, (r.status, r.body)
    return r.json() if r.body else None


@pytest.fixture
def server(tmp_path):
    with Server(tmp_path) as s:
        yield s


@pytest.fixture
def alice(server):
    """The platform admin (first signed-in user)."""
    token = server.token("alice@example.com")
    assert ok(server.request("GET", "/api/v2/admin/me", token=token))[
        "is_platform_admin"]
    return token


def sign_in(server, email):
    """A user's token and id (the user is created on first sign-in)."""
    token = server.token(email)
    me = ok(server.request("GET", "/api/v2/admin/me", token=token))
    return token, me["user_id"]


def create_org(server, token, slug):
    return ok(server.request("POST", "/api/v2/orgs",
                             {"slug": slug, "display_name": slug.title()},
                             token=token), 201)


def add_member(server, admin_token, org_id, user_id, role):
    return server.request("POST", "/api/v2/admin/memberships",
                          {"org_id": org_id, "user_id": user_id, "role": role},
                          token=admin_token)


def memberships(server, token, org_id):
    return ok(server.request("GET", f"/api/v2/orgs/{org_id}/memberships",
                             token=token))


def membership_of(server, token, org_id, user_id):
    for m in memberships(server, token, org_id)["memberships"]:
        if m["user_id"] == user_id:
            return m
    raise AssertionError(f"user {user_id} is not a member of {org_id}")


def org_events(server, token, org_id, query=""):
    return ok(server.request("GET", f"/api/v2/orgs/{org_id}/audit-log{query}",
                             token=token))


def platform_events(server, token):
    return ok(server.request("GET", "/api/v2/admin/audit-log?limit=200",
                             token=token))


# ------------------------------------------------- bootstrap and sign-in

def test_first_admin_bootstrap_happens_exactly_once(server):
    alice = server.token("alice@example.com")
    me = ok(server.request("GET", "/api/v2/admin/me", token=alice))
    assert me["is_platform_admin"] is True and me["bootstrapped"] is True
    assert me["email"] == "alice@example.com" and me["auth"] == "oidc"

    bob = server.token("bob@example.com")
    me = ok(server.request("GET", "/api/v2/admin/me", token=bob))
    assert me["is_platform_admin"] is False and "bootstrapped" not in me
    expect_error(server.request("GET", "/api/v2/admin/users", token=bob),
                 403, "forbidden")

    me = ok(server.request("GET", "/api/v2/admin/me", token=alice))
    assert me["is_platform_admin"] is True and "bootstrapped" not in me
    events = platform_events(server, alice)
    boots = [e for e in events if e["action"] == "admin.bootstrapped"]
    assert len(boots) == 1 and boots[0]["target"] == "user:" + me["user_id"]


def test_concurrent_first_callers_make_one_admin(server):
    tokens = [server.token(f"user{i}@example.com") for i in range(8)]
    answers = [None] * len(tokens)

    def call(i):
        answers[i] = server.request("GET", "/api/v2/admin/me", token=tokens[i])

    threads = [threading.Thread(target=call, args=(i,))
               for i in range(len(tokens))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    admins = [ok(a) for a in answers if ok(a)["is_platform_admin"]]
    assert len(admins) == 1 and admins[0]["bootstrapped"] is True


def test_user_of_a_domain_not_allowed_gets_403(server, alice):
    eve = server.token("eve@elsewhere.org")
    body = expect_error(server.request("GET", "/api/v2/admin/me", token=eve),
                        403, "domain_not_allowed", ["elsewhere.org"])
    assert "eve" not in body["error"]
    users = ok(server.request("GET", "/api/v2/admin/users", token=alice))
    assert [u["email"] for u in users] == ["alice@example.com"]


# --------------------------------------------------------------- domains

@pytest.mark.parametrize("bad", ["localhost", "user@partner.org",
                                 "part ner.org", "https://partner.org",
                                 "partner.org ", "", ".partner.org",
                                 "partner..org"])
def test_add_domain_rejects_what_is_not_a_bare_domain(server, alice, bad):
    expect_error(server.request("POST", "/api/v2/admin/domains",
                                {"domain": bad}, token=alice),
                 400, "validation_error", ['"domain"'])


def test_add_domain_lowercases_refuses_duplicates_and_is_audited(server,
                                                                 alice):
    expect_error(server.request("POST", "/api/v2/admin/domains",
                                {"domain": 7}, token=alice),
                 400, "validation_error", ['"domain"', "string"])
    added = ok(server.request("POST", "/api/v2/admin/domains",
                              {"domain": "Partner.EXAMPLE.org"}, token=alice),
               201)
    assert added["domain"] == "partner.example.org"
    for again in ("partner.example.org", "PARTNER.example.ORG"):
        expect_error(server.request("POST", "/api/v2/admin/domains",
                                    {"domain": again}, token=alice),
                     409, "conflict", ["partner.example.org"])
    listed = ok(server.request("GET", "/api/v2/admin/domains", token=alice))
    assert sorted(d["domain"] for d in listed) == ["example.com",
                                                   "partner.example.org"]
    events = [e for e in platform_events(server, alice)
              if e["action"] == "domain.added"
              and e["target"] == "domain:" + added["id"]]
    assert len(events) == 1
    assert events[0]["detail"]["domain"] == "partner.example.org"


def test_removed_domain_denies_its_users_on_the_next_request(server, alice):
    domain = ok(server.request("POST", "/api/v2/admin/domains",
                               {"domain": "partner.org"}, token=alice), 201)
    carol, _ = sign_in(server, "carol@partner.org")
    org = create_org(server, carol, "carols")
    for _ in range(3):  # warm every cache the server keeps
        ok(server.request("GET", f"/api/v2/orgs/{org['id']}", token=carol))
    assert server.request("DELETE", f"/api/v2/admin/domains/{domain['id']}",
                          token=alice).status == 204
    expect_error(server.request("GET", f"/api/v2/orgs/{org['id']}",
                                token=carol), 403, "domain_not_allowed")
    expect_error(server.request("GET", "/api/v2/admin/me", token=carol),
                 403, "domain_not_allowed")
    expect_error(server.request("DELETE", f"/api/v2/admin/domains/{domain['id']}",
                                token=alice), 404, "not_found")
    removed = [e for e in platform_events(server, alice)
               if e["action"] == "domain.removed"]
    assert len(removed) == 1 and removed[0]["detail"]["domain"] == "partner.org"


# ------------------------------------------------------------------ orgs

def test_create_org_makes_the_caller_its_only_owner(server, alice):
    bob, bob_id = sign_in(server, "bob@example.com")
    org = create_org(server, bob, "acme")
    assert org["slug"] == "acme" and org["display_name"] == "Acme"
    assert org["plan"] == "free"
    listed = memberships(server, bob, org["id"])
    assert listed["total"] == 1
    (m,) = listed["memberships"]
    assert (m["user_id"], m["role"], m["org_id"]) == (bob_id, "owner", org["id"])
    assert ok(server.request("GET", f"/api/v2/orgs/{org['id']}",
                             token=bob)) == org
    created = [e for e in platform_events(server, alice)
               if e["action"] == "org.created"]
    assert [e["target"] for e in created] == ["org:" + org["id"]]


def test_create_org_rejects_bad_requests_naming_the_problem(server, alice):
    create_org(server, alice, "acme")
    expect_error(server.request("POST", "/api/v2/orgs",
                                {"slug": "acme", "display_name": "Other"},
                                token=alice), 409, "conflict", ["acme"])
    expect_error(server.request("POST", "/api/v2/orgs",
                                {"slug": "beta", "display_name": "Beta"},
                                token=alice, headers={"X-Org-ID": "whatever"}),
                 400, "validation_error", ["X-Org-ID"])
    expect_error(server.request("POST", "/api/v2/orgs",
                                {"slug": "beta", "display_name": "Beta",
                                 "plan": "enterprise"}, token=alice),
                 400, "validation_error", ['"plan"'])
    expect_error(server.request("POST", "/api/v2/orgs",
                                {"slug": ["beta"], "display_name": "Beta"},
                                token=alice),
                 400, "validation_error", ['"slug"', "string"])
    expect_error(server.request("POST", "/api/v2/orgs",
                                {"slug": "beta", "display_name": 12},
                                token=alice),
                 400, "validation_error", ['"display_name"'])
    expect_error(server.request("POST", "/api/v2/orgs", {"slug": "beta"},
                                token=alice),
                 400, "validation_error", ['"display_name"'])
    expect_error(server.request("POST", "/api/v2/orgs",
                                {"slug": "Beta Corp", "display_name": "B"},
                                token=alice),
                 400, "validation_error", ['"slug"'])
    # The offset (1-based) points at the bad byte: `{"slug": nope}` fails
    # at the 'o', byte 11; a body cut short fails just past its end.
    expect_error(server.request("POST", "/api/v2/orgs", b'{"slug": nope}',
                                token=alice),
                 400, "validation_error", ["at byte 11"])
    expect_error(server.request("POST", "/api/v2/orgs", b'{"slug": "beta",',
                                token=alice),
                 400, "validation_error", ["at byte 17"])
    r = server.request("GET", "/api/v2/admin/orgs", token=alice)
    assert [o["slug"] for o in ok(r)] == ["acme"]
    assert r.headers["X-Total-Count"] == "1"


# Strict decoding: a duplicate member name is ambiguous (which value would a
# validator see?), so it is refused; so is absurd nesting.
def test_a_body_with_a_duplicate_key_is_rejected(server, alice):
    r = server.request("POST", "/api/v2/orgs",
                       b'{"slug": "aa", "display_name": "A", "slug": "bb"}',
                       token=alice)
    expect_error(r, 400, "validation_error", ['"slug"'])


def test_deeply_nested_body_is_rejected(server, alice):
    body = b'{"slug": ' + b"[" * 5000 + b"]" * 5000 + b', "display_name": "A"}'
    expect_error(server.request("POST", "/api/v2/orgs", body, token=alice),
                 400, "validation_error", ["deeper than"])


# Media types are case-insensitive (RFC 9110 8.3.1).
def test_content_type_is_matched_case_insensitively(server, alice):
    ok(server.request("POST", "/api/v2/orgs",
                      {"slug": "acme", "display_name": "Acme"}, token=alice,
                      headers={"Content-Type": "Application/JSON"}), 201)


# ----------------------------------------------------------- memberships

def test_role_changes_noop_self_demotion_sole_owner_and_cross_org(server,
                                                                  alice):
    alice_id = ok(server.request("GET", "/api/v2/admin/me",
                                 token=alice))["user_id"]
    bob, bob_id = sign_in(server, "bob@example.com")
    org = create_org(server, alice, "acme")["id"]
    other = create_org(server, alice, "other")["id"]
    bob_m = ok(add_member(server, alice, org, bob_id, "member"), 201)["id"]
    alice_m = membership_of(server, alice, org, alice_id)["id"]
    path = f"/api/v2/orgs/{org}/memberships"

    total = org_events(server, alice, org)["total"]
    same = ok(server.request("PATCH", f"{path}/{bob_m}", {"role": "member"},
                             token=alice))
    assert same["noop"] is True and same["role"] == "member"
    assert org_events(server, alice, org)["total"] == total

    changed = ok(server.request("PATCH", f"{path}/{bob_m}", {"role": "admin"},
                                token=alice))
    assert changed["noop"] is False and changed["role"] == "admin"
    latest = org_events(server, alice, org)
    assert latest["total"] == total + 1
    event = latest["events"][0]
    assert event["action"] == "membership.role_changed"
    assert event["detail"] == {"user_id": bob_id, "from": "member",
                               "to": "admin"}
    assert membership_of(server, alice, org, bob_id)["role"] == "admin"

    expect_error(server.request("PATCH", f"{path}/{bob_m}", {"role": "boss"},
                                token=alice), 400, "validation_error",
                 ['"role"'])
    # An admin is not an owner: role changes are the owner's.
    expect_error(server.request("PATCH", f"{path}/{alice_m}",
                                {"role": "viewer"}, token=bob),
                 403, "forbidden")
    expect_error(server.request("PATCH", f"{path}/{alice_m}", {"role": "admin"},
                                token=alice), 409, "conflict", ["own role"])
    expect_error(server.request("PATCH", f"/api/v2/admin/memberships/{alice_m}",
                                {"role": "member"}, token=alice),
                 409, "conflict", ["only owner"])
    expect_error(server.request("DELETE", f"/api/v2/admin/memberships/{alice_m}",
                                token=alice), 409, "conflict", ["only owner"])
    # Another org's membership id through this org's route: not found.
    expect_error(server.request("PATCH", f"/api/v2/orgs/{other}/memberships/"
                                f"{bob_m}", {"role": "viewer"}, token=alice),
                 404, "not_found")
    assert membership_of(server, alice, org, bob_id)["role"] == "admin"
    assert membership_of(server, alice, org, alice_id)["role"] == "owner"

    # With a second owner, the platform admin may demote the first.
    ok(server.request("PATCH", f"{path}/{bob_m}", {"role": "owner"},
                      token=alice))
    ok(server.request("PATCH", f"/api/v2/admin/memberships/{alice_m}",
                      {"role": "member"}, token=alice))
    assert membership_of(server, bob, org, alice_id)["role"] == "member"


def test_seat_limit_on_the_free_plan_answers_402(server, alice):
    org = create_org(server, alice, "acme")["id"]
    ids = [sign_in(server, f"{n}@example.com")[1]
           for n in ("bob", "carol", "dave")]
    ok(add_member(server, alice, org, ids[0], "member"), 201)
    expect_error(add_member(server, alice, org, ids[0], "admin"), 409,
                 "conflict", ["already a member"])
    ok(add_member(server, alice, org, ids[1], "viewer"), 201)
    r = add_member(server, alice, org, ids[2], "member")
    body = expect_error(r, 402, "plan_limit_exceeded")
    assert (body["limit"], body["current"], body["max"], body["plan"]) == \
        ("seats", 3, 3, "free")
    assert body["upgrade_url"]
    assert memberships(server, alice, org)["total"] == 3


# -------------------------------------------------------------- API keys

def test_api_key_lifecycle_limit_shown_once_and_revocation(server, alice):
    org = create_org(server, alice, "acme")["id"]
    keys = f"/api/v2/orgs/{org}/api-keys"
    expect_error(server.request("POST", keys, {"name": "x",
                                               "scopes": ["read", "admin"]},
                                token=alice),
                 400, "validation_error", ['"admin"', "scopes"])
    expect_error(server.request("POST", keys, {"name": "x", "scopes": "write"},
                                token=alice),
                 400, "validation_error", ['"scopes"'])
    first = ok(server.request("POST", keys, {"name": "ci",
                                             "scopes": ["write", "read"]},
                              token=alice), 201)
    second = ok(server.request("POST", keys, {"name": "dash"}, token=alice),
                201)
    for k in (first, second):
        assert k["raw_key"].startswith(k["key_prefix"] + "_")
        assert k["raw_key"].startswith("dw_")
        assert k["raw_key"].endswith(k["last4"])
    assert first["scopes"] == ["read", "write"] and second["scopes"] == ["read"]

    body = expect_error(server.request("POST", keys, {"name": "third"},
                                       token=alice), 402, "plan_limit_exceeded")
    assert (body["limit"], body["current"], body["max"], body["plan"]) == \
        ("api_keys", 2, 2, "free")

    r = server.request("GET", keys, token=alice)
    listed = ok(r)
    assert listed["total"] == 2
    assert {k["id"] for k in listed["api_keys"]} == {first["id"], second["id"]}
    assert all(k["raw_key"] == "" for k in listed["api_keys"])
    for k in (first, second):
        assert k["raw_key"].encode() not in r.body

    # A key works until revoked, and not one request after.
    ok(server.request("GET", f"/api/v2/orgs/{org}", api_key=first["raw_key"]))
    assert server.request("DELETE", f"{keys}/{first['id']}",
                          token=alice).status == 204
    expect_error(server.request("GET", f"/api/v2/orgs/{org}",
                                api_key=first["raw_key"]),
                 401, "unauthenticated")
    expect_error(server.request("DELETE", f"{keys}/{first['id']}", token=alice),
                 404, "not_found")

    # Revocation frees the slot; API keys are refused on OIDC-only routes.
    third = ok(server.request("POST", keys, {"name": "ops",
                                             "scopes": ["write"]},
                              token=alice), 201)
    expect_error(server.request("DELETE", f"{keys}/{second['id']}",
                                api_key=third["raw_key"]),
                 403, "forbidden", ["API key"])
    expect_error(server.request("POST", "/api/v2/orgs",
                                {"slug": "beta", "display_name": "Beta"},
                                api_key=third["raw_key"]),
                 403, "forbidden", ["API key"])
    ok(server.request("GET", f"/api/v2/orgs/{org}", api_key=second["raw_key"]))

    actions = [(e["action"], e["target"])
               for e in org_events(server, alice, org)["events"]]
    assert actions[:4] == [("api_key.created", "api_key:" + third["id"]),
                           ("api_key.revoked", "api_key:" + first["id"]),
                           ("api_key.created", "api_key:" + second["id"]),
                           ("api_key.created", "api_key:" + first["id"])]


def test_key_limit_holds_under_concurrent_creation(server, alice):
    org = create_org(server, alice, "acme")["id"]
    answers = [None] * 8

    def create(i):
        answers[i] = server.request("POST", f"/api/v2/orgs/{org}/api-keys",
                                    {"name": f"k{i}"}, token=alice)

    threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(a.status for a in answers)
    assert statuses == [201] * 2 + [402] * 6, [a.body for a in answers]
    listed = ok(server.request("GET", f"/api/v2/orgs/{org}/api-keys",
                               token=alice))
    assert listed["total"] == 2


# ----------------------------------------------------------------- users

def test_soft_deleted_user_is_denied_on_the_next_request(server, alice):
    alice_id = ok(server.request("GET", "/api/v2/admin/me",
                                 token=alice))["user_id"]
    bob, bob_id = sign_in(server, "bob@example.com")
    org = create_org(server, bob, "bobs")["id"]
    key = ok(server.request("POST", f"/api/v2/orgs/{org}/api-keys",
                            {"name": "k"}, token=bob), 201)["raw_key"]
    ok(server.request("GET", f"/api/v2/orgs/{org}", token=bob))
    ok(server.request("GET", f"/api/v2/orgs/{org}", api_key=key))

    assert server.request("DELETE", f"/api/v2/admin/users/{bob_id}",
                          token=alice).status == 204
    expect_error(server.request("GET", f"/api/v2/orgs/{org}", token=bob), 403)
    expect_error(server.request("GET", "/api/v2/admin/me", token=bob), 403)
    # A key made by a deleted user stops working with them.
    expect_error(server.request("GET", f"/api/v2/orgs/{org}", api_key=key), 403)
    users = {u["id"]: u for u in ok(server.request(
        "GET", "/api/v2/admin/users", token=alice))}
    assert users[bob_id]["deleted_at"]

    # Deleting again changes nothing and is not audited twice.
    assert server.request("DELETE", f"/api/v2/admin/users/{bob_id}",
                          token=alice).status == 204
    deleted = [e for e in platform_events(server, alice)
               if e["action"] == "user.deleted"]
    assert [e["target"] for e in deleted] == ["user:" + bob_id]

    expect_error(server.request("DELETE", f"/api/v2/admin/users/{alice_id}",
                                token=alice), 409, "conflict", ["yourself"])
    ok(server.request("GET", "/api/v2/admin/me", token=alice))
    expect_error(server.request("DELETE", "/api/v2/admin/users/nobody",
                                token=alice), 404, "not_found")


# ------------------------------------------------------------- audit log

def test_org_audit_log_lists_events_newest_first(server, alice):
    bob, bob_id = sign_in(server, "bob@example.com")
    org = create_org(server, alice, "acme")["id"]
    key = ok(server.request("POST", f"/api/v2/orgs/{org}/api-keys",
                            {"name": "k"}, token=alice), 201)
    mid = ok(add_member(server, alice, org, bob_id, "viewer"), 201)["id"]
    ok(server.request("PATCH", f"/api/v2/orgs/{org}/memberships/{mid}",
                      {"role": "member"}, token=alice))
    assert server.request("DELETE", f"/api/v2/orgs/{org}/api-keys/{key['id']}",
                          token=alice).status == 204

    log = org_events(server, alice, org)
    events = log["events"]
    assert [e["action"] for e in events] == [
        "api_key.revoked", "membership.role_changed", "membership.created",
        "api_key.created", "membership.created"]
    assert [e["seq"] for e in events] == [4, 3, 2, 1, 0]
    assert log["total"] == 5
    assert all(e["chain_id"] == "org:" + org and e["org_id"] == org
               for e in events)
    for newer, older in zip(events, events[1:]):
        assert newer["prev_hash"] == older["hash"]
    # The API key's secret never reaches the log.
    assert key["raw_key"] not in json.dumps(log)


def test_verify_reports_truncation_against_expected_min_seq(server, alice):
    org = create_org(server, alice, "acme")["id"]
    ok(server.request("POST", f"/api/v2/orgs/{org}/api-keys", {"name": "k"},
                      token=alice), 201)
    path = f"/api/v2/orgs/{org}/audit-log/verify"
    report = ok(server.request("GET", path, token=alice))
    assert report["status"] == "intact" and report["head_seq"] == 1
    assert ok(server.request("GET", f"{path}?expected_min_seq=1",
                             token=alice))["status"] == "intact"
    report = ok(server.request("GET", f"{path}?expected_min_seq=5",
                               token=alice))
    assert report["status"] == "truncated", report
    report = ok(server.request(
        "GET", "/api/v2/admin/audit-log/verify?expected_min_seq=1000",
        token=alice))
    assert report["status"] == "truncated", report
    expect_error(server.request("GET", f"{path}?expected_min_seq=-1",
                                token=alice),
                 400, "validation_error", ["expected_min_seq"])


def test_a_tampered_event_makes_verify_report_broken(server, alice):
    org = create_org(server, alice, "acme")["id"]
    for name in ("a", "b"):
        ok(server.request("POST", f"/api/v2/orgs/{org}/api-keys",
                          {"name": name}, token=alice), 201)
    path = f"/api/v2/orgs/{org}/audit-log/verify"
    assert ok(server.request("GET", path, token=alice))["status"] == "intact"
    server.stop()
    # Someone with write access to the file: the trigger is no obstacle.
    con = sqlite3.connect(server.db)
    con.execute("DROP TRIGGER audit_events_no_update")
    changed = con.execute(
        "UPDATE audit_events SET detail = replace(detail, '\"a\"', '\"z\"') "
        "WHERE chain_id = ? AND seq = 1", ("org:" + org,)).rowcount
    con.commit()
    con.close()
    assert changed == 1
    server.start()
    report = ok(server.request("GET", path, token=alice))
    assert report["status"] == "broken", report
    assert report["first_bad_seq"] == 1, report
    assert report["reason"]
    platform = ok(server.request("GET", "/api/v2/admin/audit-log/verify",
                                 token=alice))
    assert platform["status"] == "intact", platform


def test_org_verify_is_limited_to_10_per_hour_per_org(server, alice):
    org = create_org(server, alice, "acme")["id"]
    other = create_org(server, alice, "other")["id"]
    path = f"/api/v2/orgs/{org}/audit-log/verify"
    for _ in range(10):
        ok(server.request("GET", path, token=alice))
    r = server.request("GET", path, token=alice)
    expect_error(r, 429, "rate_limited")
    retry_after = int(r.headers["Retry-After"])
    assert 1 <= retry_after <= 3600, retry_after
    ok(server.request("GET", f"/api/v2/orgs/{other}/audit-log/verify",
                      token=alice))


# ------------------------------------------------------------ pagination

def test_pagination_limit_offset_total_and_bad_values(server, alice):
    org = create_org(server, alice, "acme")["id"]
    for name in ("a", "b"):
        ok(server.request("POST", f"/api/v2/orgs/{org}/api-keys",
                          {"name": name}, token=alice), 201)
    full = org_events(server, alice, org)
    assert full["total"] == 3 and len(full["events"]) == 3
    page = org_events(server, alice, org, "?limit=2&offset=1")
    assert (page["limit"], page["offset"], page["total"]) == (2, 1, 3)
    assert page["events"] == full["events"][1:3]
    past = org_events(server, alice, org, "?offset=10")
    assert past["events"] == [] and past["total"] == 3
    assert org_events(server, alice, org, "?limit=100000")["limit"] == 200
    for query, name in (("limit=abc", "limit"), ("limit=-1", "limit"),
                        ("offset=x", "offset"), ("limit=1e3", "limit")):
        expect_error(server.request("GET", f"/api/v2/orgs/{org}/audit-log?"
                                    f"{query}", token=alice),
                     400, "validation_error", [f'"{name}"'])
    for slug in ("beta", "gamma"):
        create_org(server, alice, slug)
    r = server.request("GET", "/api/v2/admin/orgs?limit=1&offset=1",
                       token=alice)
    assert len(ok(r)) == 1 and r.headers["X-Total-Count"] == "3"


# ------------------------------------------------------ operational routes

def test_readyz_and_healthz(server):
    r = server.request("GET", "/readyz")
    assert ok(r)["status"] == "ready"
    assert ok(server.request("GET", "/healthz"))["status"] == "ok"


def test_metrics_count_requests_by_route_template(server, alice):
    org = create_org(server, alice, "acme")["id"]
    for _ in range(3):
        ok(server.request("GET", f"/api/v2/orgs/{org}", token=alice))
    expect_error(server.request("GET", "/api/v2/orgs/missing", token=alice),
                 404)
    r = server.request("GET", "/metrics")
    assert r.status == 200
    assert r.headers["Content-Type"].startswith("text/plain")
    text = r.body.decode()

    def count(route, method, status):
        m = re.search(r'^driftwise_http_requests_total\{route="%s",method="%s",'
                      r'status="%s"\} (\d+)$' % (re.escape(route), method,
                                                 status), text, re.M)
        return int(m.group(1)) if m else None

    assert count("/api/v2/orgs/{id}", "GET", 200) == 3, text
    assert count("/api/v2/orgs/{id}", "GET", 404) == 1, text
    assert count("/api/v2/orgs", "POST", 201) == 1, text
    assert "driftwise_http_request_duration_seconds_bucket" in text
    # Templates, not concrete ids: no per-org series.
    assert org not in text


# ---------------------------------------------------- transport limits

def test_body_over_max_body_bytes_answers_413(tmp_path):
    with Server(tmp_path, extra_args=["--max-body-bytes", "1024"]) as server:
        token = server.token("alice@example.com")
        ok(server.request("GET", "/api/v2/admin/me", token=token))
        # JSON whitespace pads a valid body to just under the limit.
        fits = json.dumps({"slug": "acme", "display_name": "Acme"}).encode()
        fits += b" " * (1024 - len(fits))
        ok(server.request("POST", "/api/v2/orgs", fits, token=token), 201)
        expect_error(server.request("POST", "/api/v2/orgs", fits + b" ",
                                    token=token),
                     413, "payload_too_large", ["1024"])
        for size in (2000, 200000):
            big = {"slug": "beta", "display_name": "x" * size}
            expect_error(server.request("POST", "/api/v2/orgs", big,
                                        token=token),
                         413, "payload_too_large", ["1024"])
        ok(server.request("GET", "/healthz"))
        r = server.request("GET", "/api/v2/admin/orgs", token=token)
        assert [o["slug"] for o in ok(r)] == ["acme"]


def test_chunked_request_body_answers_411(server, alice):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.putrequest("POST", "/api/v2/orgs")
    conn.putheader("Authorization", "Bearer " + alice)
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    body = json.dumps({"slug": "acme", "display_name": "Acme"}).encode()
    conn.send(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
    resp = conn.getresponse()
    r = Response(resp.status, dict(resp.getheaders()), resp.read())
    conn.close()
    expect_error(r, 411, "length_required", ["Content-Length"])
    assert ok(server.request("GET", "/api/v2/admin/orgs", token=alice)) == []


# ------------------------------------------------------ error envelope

def test_every_error_carries_the_envelope_and_the_request_id(server, alice):
    bob, _ = sign_in(server, "bob@example.com")
    org = create_org(server, alice, "acme")["id"]
    cases = [
        (server.request("GET", f"/api/v2/orgs/{org}"), 401),
        (server.request("GET", f"/api/v2/orgs/{org}", token="not.a.jwt"), 401),
        (server.request("GET", f"/api/v2/orgs/{org}", api_key="dw_nope_x"), 401),
        (server.request("GET", "/api/v2/admin/users", token=bob), 403),
        (server.request("GET", f"/api/v2/orgs/{org}", token=bob), 404),
        (server.request("GET", "/api/v2/no-such-route"), 404),
        (server.request("POST", "/api/v2/orgs", b"[", token=bob), 400),
        (server.request("POST", "/api/v2/orgs", b"{}", token=bob,
                        headers={"Content-Type": "text/plain"}), 415),
        (server.request("POST", "/api/v2/orgs",
                        {"slug": "acme", "display_name": "A"}, token=bob), 409),
    ]
    ids = set()
    for r, status in cases:
        ids.add(expect_error(r, status)["request_id"])
    assert len(ids) == len(cases)  # one id per request

    # A well-formed client id is kept (correlation across services)...
    r = server.request("GET", "/api/v2/orgs/missing", token=alice,
                       headers={"X-Request-ID": "trace-42.a:b_c"})
    assert expect_error(r, 404)["request_id"] == "trace-42.a:b_c"
    # ...one that could forge log lines is replaced.
    for bad in ("has space", "x" * 200, "a\"b"):
        r = server.request("GET", "/api/v2/orgs/missing", token=alice,
                           headers={"X-Request-ID": bad})
        rid = expect_error(r, 404)["request_id"]
        assert rid != bad and rid.startswith("req_")
    # Successful answers carry an id too.
    assert server.request("GET", "/healthz").headers["X-Request-ID"]
