"""Authorization matrix: every served route x every kind of caller x
{own org, other org, nonexistent id}, against a real `driftwise serve`.

The expected outcomes come from authz_matrix.json, which transcribes the
rules of docs/server.md (who may call each route, the check order 401 ->
403 API key on OIDC route -> 403 not platform admin -> 404 org not visible
-> 403 role/scope). The route list is cross-checked with the server's own
route table (/api/v2/openapi.json) in both directions, so a route added to
the server without an authorization decision fails here (deny by default,
OWASP BFLA).
"""
import base64
import collections
import json
import os
import re
import sqlite3
import time
import uuid

import pytest
from cryptography.hazmat.primitives import serialization

from server_harness import Server

HERE = os.path.dirname(os.path.abspath(__file__))
MATRIX = json.load(open(os.path.join(HERE, "authz_matrix.json")))
SHARED = os.environ.get("DW_SHARED_DIR", os.path.join(HERE, "..", "..", "..", "shared"))
BASIC_AWS_STATE = os.path.join(SHARED, "corpus", "scenarios", "basic-aws", "terraform.tfstate")
ROLE_RANK = {"viewer": 1, "member": 2, "admin": 3, "owner": 4}

# Callers whose credentials are missing or bad: 401 before anything else.
UNAUTHENTICATED = ["anonymous", "malformed_jwt", "expired_jwt", "revoked_key"]
USERS = ["owner", "admin", "member", "viewer", "platform_admin"]
KEYS = ["key_write", "key_read"]
PRINCIPALS = UNAUTHENTICATED + USERS + KEYS
ORG_ROLE = {"owner": "owner", "admin": "admin", "member": "member",
            "viewer": "viewer", "platform_admin": None,
            # docs/server.md: "An API key acts as admin of its own org".
            "key_write": "admin", "key_read": "admin"}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forge_expired_token(issuer_dir, email):
    """A correctly signed dev-issuer token that expired an hour ago (the CLI
    refuses a negative --ttl, so sign it here with the issuer's own key)."""
    info = json.load(open(os.path.join(issuer_dir, "issuer.json")))
    with open(os.path.join(issuer_dir, "signing-key.pem"), "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    now = int(time.time())
    header = {"alg": "EdDSA", "kid": info["kid"], "typ": "JWT"}
    claims = {"iss": info["issuer"], "aud": info["audience"],
              "sub": "dev:" + email, "email": email, "iat": now - 7200,
              "nbf": now - 7200, "exp": now - 3600, "jti": uuid.uuid4().hex}
    signing_input = (b64url(json.dumps(header).encode()) + "." +
                     b64url(json.dumps(claims).encode()))
    return signing_input + "." + b64url(key.sign(signing_input.encode()))


class World:
    """Org A (the principals' org), org B (nobody's but its owner's) and the
    callers, built through the API except for the plan (no API sets it)."""

    def __init__(self, workdir):
        self.workdir = workdir
        # State sources of kind "file" and "file" globs read from here.
        self.state_dir = os.path.join(str(workdir), "states")
        os.makedirs(os.path.join(self.state_dir, "globs"), exist_ok=True)
        with open(BASIC_AWS_STATE, "rb") as f:
            self.state_bytes = f.read()
        for name in ("one.tfstate", "globs/a.tfstate", "globs/b.tfstate"):
            with open(os.path.join(self.state_dir, name), "wb") as f:
                f.write(self.state_bytes)
        self.srv = Server(workdir, extra_args=["--state-files-dir", self.state_dir])
        self.counter = 0
        self.tokens = {}
        self.user_ids = {}
        # The first user to call /admin/me becomes the platform admin.
        self.tokens["platform_admin"] = self.srv.token("padmin@example.com")
        me = self.ok("GET", "/api/v2/admin/me", token=self.tokens["platform_admin"])
        assert me["is_platform_admin"] is True, me
        self.user_ids["platform_admin"] = me["user_id"]
        self.tokens["owner"] = self.srv.token("owner@example.com")
        self.tokens["b_owner"] = self.srv.token("bowner@example.com")
        self.org_a = self.ok("POST", "/api/v2/orgs", {"slug": "org-a", "display_name": "A"},
                             token=self.tokens["owner"])["id"]
        self.org_b = self.ok("POST", "/api/v2/orgs", {"slug": "org-b", "display_name": "B"},
                             token=self.tokens["b_owner"])["id"]
        # The free plan has 3 seats and 2 keys; the matrix needs more. There
        # is no API to change a plan, so set it in the file while stopped.
        self.srv.stop()
        with sqlite3.connect(self.srv.db) as db:
            db.execute("UPDATE orgs SET plan='enterprise'")
        db.close()
        self.srv.start()
        for role in ("admin", "member", "viewer"):
            self.tokens[role] = self.srv.token(f"{role}@example.com")
            self.user_ids[role] = self.user_id(self.tokens[role])
            self.add_membership(self.org_a, self.user_ids[role], role)
        self.keys = {"key_write": self.create_key(self.org_a, ["write"])[1],
                     "key_read": self.create_key(self.org_a, ["read"])[1]}
        revoked_id, self.keys["revoked_key"] = self.create_key(self.org_a, ["write"])
        self.srv.request("DELETE", f"/api/v2/orgs/{self.org_a}/api-keys/{revoked_id}",
                         token=self.tokens["owner"])
        assert self.call_as("revoked_key", "GET", f"/api/v2/orgs/{self.org_a}").status == 401
        self.tokens["malformed_jwt"] = "not-a.jwt"
        self.tokens["expired_jwt"] = forge_expired_token(self.srv.issuer_dir, "owner@example.com")
        # A membership and a user that exist, for admin routes' {id}.
        self.member_user_id = self.user_ids["member"]
        # A cloud account with one live resource in each org, and org A's
        # kubernetes cluster for the operator report.
        self.accounts, self.live = {}, {}
        for org, who in ((self.org_a, "owner"), (self.org_b, "b_owner")):
            acct = self.fresh_account(org)
            self.accounts[org] = acct
            self.ok("POST", f"/api/v2/orgs/{org}/accounts/{acct}/inventory",
                    [{"provider": "aws", "provider_type": "AWS::S3::Bucket",
                      "provider_resource_id": "arn:aws:s3:::authz", "name": "authz"}],
                    token=self.tokens[who])
            rows = self.ok("GET", f"/api/v2/orgs/{org}/resources", token=self.tokens[who])
            self.live[org] = rows["resources"][0]["id"]
        # A state and a completed scan in each org, for {scan_id}.
        self.scans = {}
        for org, who in ((self.org_a, "owner"), (self.org_b, "b_owner")):
            tok = self.tokens[who]
            src = self.ok("POST", f"/api/v2/orgs/{org}/state-sources",
                          {"display_name": "authz-state", "kind": "upload", "config": {}},
                          token=tok)["id"]
            self.ok("POST", f"/api/v2/orgs/{org}/state-sources/{src}/upload",
                    self.state_bytes, token=tok)
            scan = self.ok("POST", f"/api/v2/orgs/{org}/scans",
                           {"cloud_account_id": self.accounts[org]}, token=tok)["id"]
            deadline = time.time() + 60
            while time.time() < deadline:
                got = self.ok("GET", f"/api/v2/orgs/{org}/scans/{scan}", token=tok)
                if got["status"] in ("done", "error"):
                    break
                time.sleep(0.1)
            assert got["status"] == "done", got
            self.scans[org] = scan
        self.ok("POST", f"/api/v2/orgs/{self.org_a}/accounts",
                {"provider": "kubernetes", "external_account_id": "authz-cluster",
                 "display_name": "k", "credential_type": "operator",
                 "credential_ref": "in-cluster"}, token=self.tokens["owner"])

    # --- plumbing -------------------------------------------------------
    def ok(self, method, path, body=None, token=None):
        r = self.srv.request(method, path, body=body, token=token)
        assert 200 <= r.status < 300, (method, path, r.status, r.body)
        return r.json() if r.body else None

    def unique(self, stem):
        self.counter += 1
        return f"{stem}{self.counter}"

    def user_id(self, token):
        return self.ok("GET", "/api/v2/admin/me", token=token)["user_id"]

    def fresh_user(self):
        return self.user_id(self.srv.token(self.unique("u") + "@example.com"))

    def add_membership(self, org, user_id, role):
        return self.ok("POST", "/api/v2/admin/memberships",
                       {"org_id": org, "user_id": user_id, "role": role},
                       token=self.tokens["platform_admin"])["id"]

    def fresh_membership(self, org):
        return self.add_membership(org, self.fresh_user(), "viewer")

    def create_key(self, org, scopes):
        owner = self.tokens["owner" if org == self.org_a else "b_owner"]
        out = self.ok("POST", f"/api/v2/orgs/{org}/api-keys",
                      {"name": self.unique("k"), "scopes": scopes}, token=owner)
        return out["id"], out["raw_key"]

    def owner_of(self, org):
        return self.tokens["owner" if org == self.org_a else "b_owner"]

    def fresh_source(self, org, kind="upload"):
        config = {"path": "one.tfstate"} if kind == "file" else {}
        return self.ok("POST", f"/api/v2/orgs/{org}/state-sources",
                       {"display_name": self.unique("src"), "kind": kind,
                        "config": config}, token=self.owner_of(org))["id"]

    def glob_body(self):
        return {"bucket": "globs", "cloud_account_id": "acct-1",
                "display_name": self.unique("glob"), "provider": "file"}

    def fresh_glob(self, org):
        return self.ok("POST", f"/api/v2/orgs/{org}/state-source-globs",
                       self.glob_body(), token=self.owner_of(org))["glob"]["id"]

    def fresh_account(self, org):
        owner = self.tokens["owner" if org == self.org_a else "b_owner"]
        self.counter += 1
        return self.ok("POST", f"/api/v2/orgs/{org}/accounts",
                       {"provider": "aws", "external_account_id": f"{self.counter:012d}",
                        "display_name": "a", "credential_type": "inventory_push",
                        "credential_ref": ""}, token=owner)["id"]

    def fresh_domain(self):
        return self.ok("POST", "/api/v2/admin/domains",
                       {"domain": self.unique("d") + ".example.org"},
                       token=self.tokens["platform_admin"])["id"]

    def call_as(self, principal, method, path, body=None):
        if principal in ("key_write", "key_read", "revoked_key"):
            return self.srv.request(method, path, body=body, api_key=self.keys[principal])
        return self.srv.request(method, path, body=body, token=self.tokens.get(principal))


def resources_of(path):
    """The resource axis that applies to a route's path parameters."""
    if path.startswith("/api/v2/orgs/{id}"):
        return ["own", "other", "nonexistent"]
    if path.startswith("/api/v2/admin/memberships/{id}"):
        return ["own", "other", "nonexistent"]  # membership in A / in B / none
    if "{" in path:
        return ["existing", "nonexistent"]
    return ["none"]


def build_request(w, route, resource):
    """Method, concrete path and a valid body for one call. Everything a call
    may change is created fresh for it, so call order does not matter."""
    method, path = route["method"], route["path"]
    org = {"own": w.org_a, "other": w.org_b}.get(resource, str(uuid.uuid4()))
    body = None
    key = (method, path)
    if path.startswith("/api/v2/orgs/{id}"):
        concrete = path.replace("{id}", org)
        if "{membership_id}" in path:
            mid = w.fresh_membership(org) if resource != "nonexistent" else str(uuid.uuid4())
            concrete = concrete.replace("{membership_id}", mid)
            body = {"role": "member"}
        elif "{keyID}" in path:
            kid = w.create_key(org, ["read"])[0] if resource != "nonexistent" else str(uuid.uuid4())
            concrete = concrete.replace("{keyID}", kid)
        elif method == "POST" and path.endswith("/api-keys"):
            body = {"name": w.unique("key"), "scopes": ["read"]}
        elif "{src_id}" in path:
            kind = "file" if path.endswith("/refresh") else "upload"
            sid = w.fresh_source(org, kind) if resource != "nonexistent" else str(uuid.uuid4())
            concrete = concrete.replace("{src_id}", sid)
            if path.endswith("/upload"):
                body = w.state_bytes
        elif "{glob_id}" in path:
            gid = w.fresh_glob(org) if resource != "nonexistent" else str(uuid.uuid4())
            concrete = concrete.replace("{glob_id}", gid)
        elif method == "POST" and path.endswith("/state-sources"):
            body = {"display_name": w.unique("src"), "kind": "upload", "config": {}}
        elif method == "POST" and path.endswith("/state-source-globs/preview"):
            body = w.glob_body()
        elif method == "POST" and path.endswith("/state-source-globs"):
            body = w.glob_body()
        elif "{account_id}" in path:
            acct = w.accounts.get(org, str(uuid.uuid4()))
            concrete = concrete.replace("{account_id}", acct)
            body = [{"provider": "aws", "provider_type": "AWS::S3::Bucket",
                     "provider_resource_id": "arn:aws:s3:::authz", "name": "authz"}]
        elif "{scan_id}" in path:
            concrete = concrete.replace("{scan_id}", w.scans.get(org, str(uuid.uuid4())))
        elif "{provider}" in path:
            concrete = concrete.replace("{provider}", "aws")
        elif method == "POST" and path.endswith("/scans"):
            body = {"cloud_account_id": w.accounts.get(org, str(uuid.uuid4()))}
        elif method == "POST" and path.endswith("/scans/bulk"):
            body = {"account_ids": [w.accounts.get(org, str(uuid.uuid4()))]}
        elif "{resource_id}" in path:
            concrete = concrete.replace("{resource_id}", w.live.get(org, str(uuid.uuid4())))
        elif method == "POST" and path.endswith("/accounts"):
            w.counter += 1
            body = {"provider": "aws", "external_account_id": f"{w.counter:012d}",
                    "display_name": "a", "credential_type": "inventory_push",
                    "credential_ref": ""}
        elif path.endswith("/cloud-onboarding-info"):
            concrete += "?provider=aws"
        elif path.endswith("/plans/analyze"):
            body = {"plan_json": json.dumps({"format_version": "1.2",
                                             "resource_changes": []})}
        return method, concrete, body
    if path.startswith("/api/v2/admin/memberships/{id}"):
        mid = w.fresh_membership(org) if resource != "nonexistent" else str(uuid.uuid4())
        body = {"role": "member"} if method == "PATCH" else None
        return method, path.replace("{id}", mid), body
    if path == "/api/v2/admin/domains/{id}":
        did = w.fresh_domain() if resource == "existing" else str(uuid.uuid4())
        return method, path.replace("{id}", did), None
    if path == "/api/v2/admin/users/{id}":
        uid = w.fresh_user() if resource == "existing" else str(uuid.uuid4())
        return method, path.replace("{id}", uid), None
    if path == "/api/v2/admin/users/{id}/memberships":
        uid = w.member_user_id if resource == "existing" else str(uuid.uuid4())
        return method, path.replace("{id}", uid), None
    bodies = {
        ("POST", "/api/v2/admin/domains"): lambda: {"domain": w.unique("n") + ".example.net"},
        ("POST", "/api/v2/admin/memberships"): lambda: {
            "org_id": w.org_a, "user_id": w.fresh_user(), "role": "viewer"},
        ("POST", "/api/v2/admin/orgs"): lambda: {"slug": w.unique("adm-org-"),
                                                 "display_name": "x"},
        ("POST", "/api/v2/orgs"): lambda: {"slug": w.unique("self-org-"),
                                           "display_name": "x"},
        ("POST", "/api/v2/operator/report"): lambda: {
            "cluster_id": "authz-cluster", "namespace": "default", "resources": []},
    }
    if key in bodies:
        body = bodies[key]()
    assert "{" not in path, f"no request builder for {method} {path}: add one"
    return method, path, body


def expected(route, principal, resource):
    """The outcome docs/server.md prescribes: '401', '403', '404' or 'allowed'."""
    who = route["who"]
    if who == "anyone":
        return "allowed"
    if principal in UNAUTHENTICATED:
        return "401"
    is_key = principal in KEYS
    if route["oidc_only"] and is_key:
        return "403"
    if who == "platform_admin" and principal != "platform_admin":
        return "403"
    if who == "api_key" and not is_key:
        return "403"
    if who == "org":
        # Only org A's members and org A's keys see org A; nobody sees B
        # (not even the platform admin, who is no member) or a random id.
        if resource != "own" or ORG_ROLE[principal] is None:
            return "404"
        if ROLE_RANK[ORG_ROLE[principal]] < ROLE_RANK[route["min_role"]]:
            return "403"
    if principal == "key_read" and route["method"] not in ("GET", "HEAD"):
        return "403"
    # Past the guard, a platform-admin route's {id} that names nothing is
    # the route's own 404.
    if resource == "nonexistent" and who == "platform_admin":
        return "404"
    return "allowed"


ERROR_CLASS = {"401": "unauthenticated", "403": "forbidden", "404": "not_found"}


def classify(status):
    return str(status) if status in (401, 403, 404) else "allowed"


def without_request_id(body):
    return re.sub(rb'"request_id":"[^"]*"', b'"request_id":""', body)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    w = World(tmp_path_factory.mktemp("authz"))
    yield w
    w.srv.stop()


def served_routes(w):
    doc = w.srv.request("GET", "/api/v2/openapi.json").json()
    return {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops}


def test_matrix_covers_exactly_the_served_routes(world):
    served = served_routes(world)
    listed = [(r["method"], r["path"]) for r in MATRIX["routes"]]
    duplicates = [r for r, n in collections.Counter(listed).items() if n > 1]
    assert not duplicates, f"routes listed twice in authz_matrix.json: {duplicates}"
    missing = sorted(served - set(listed))
    stale = sorted(set(listed) - served)
    print(f"\nserved routes: {len(served)}, matrix entries: {len(listed)}, "
          f"missing: {len(missing)}, not served: {len(stale)}")
    assert not missing, f"served routes with no authz_matrix.json entry: {missing}"
    assert not stale, f"authz_matrix.json entries the server does not serve: {stale}"


def test_every_route_principal_and_resource_gets_the_documented_answer(world):
    started = time.time()
    mismatches, checks, allowed_non_2xx = [], 0, []
    for route in MATRIX["routes"]:
        for principal in PRINCIPALS:
            answers = {}
            for resource in resources_of(route["path"]):
                method, path, body = build_request(world, route, resource)
                r = world.call_as(principal, method, path, body)
                want = expected(route, principal, resource)
                got = classify(r.status)
                checks += 1
                where = f"{route['method']} {route['path']} as {principal} on {resource}"
                if got != want:
                    mismatches.append(f"{where}: expected {want}, got {r.status} {r.body[:200]!r}")
                elif want != "allowed":
                    err = r.json()
                    if (sorted(err) != ["error", "error_class", "request_id"]
                            or err["error_class"] != ERROR_CLASS[want]):
                        mismatches.append(f"{where}: bad error body {r.body!r}")
                elif r.status >= 500:
                    mismatches.append(f"{where}: server error {r.status} {r.body[:200]!r}")
                elif not 200 <= r.status < 300:
                    allowed_non_2xx.append(f"{where}: {r.status}")
                answers[resource] = r
            # Another org and an id that names nothing must be
            # indistinguishable (no org-existence oracle).
            if route["path"].startswith("/api/v2/orgs/{id}"):
                other, missing = answers["other"], answers["nonexistent"]
                if (other.status != missing.status or
                        without_request_id(other.body) != without_request_id(missing.body)):
                    mismatches.append(
                        f"{route['method']} {route['path']} as {principal}: other org "
                        f"{other.status} {other.body!r} != nonexistent {missing.status} "
                        f"{missing.body!r}")
    print(f"\nauthz matrix: {len(MATRIX['routes'])} routes x {len(PRINCIPALS)} principals, "
          f"{checks} (route, principal, resource) checks, {len(mismatches)} mismatches, "
          f"{len(allowed_non_2xx)} allowed-but-not-2xx, {time.time() - started:.1f} s")
    for line in allowed_non_2xx:
        print("  allowed, not 2xx:", line)
    assert not mismatches, "\n".join(mismatches)
