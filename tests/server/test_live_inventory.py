"""The live side through the API, over real HTTP against `driftwise serve`:
cloud accounts, inventory pushes in every format the engine reads, the
operator report, live resources, and plan analyses linked to them.

Authorization per route is test_authz_matrix.py's job; this file covers
what the routes do. Expected values come from the inputs themselves (the
corpus files, `driftwise plan assess` on the same plan), never from the
server.
"""
import http.client
import json
import os
import socket
import sqlite3
import subprocess

import pytest

from server_harness import CLI, Server

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("DW_SHARED_DIR", os.path.join(REPO, "..", "shared"))
SCENARIO = os.path.join(SHARED, "corpus", "scenarios", "basic-aws")
INVENTORY_DATA = os.path.join(REPO, "tests", "data", "inventory")
AWS_ACCOUNT = "123456789012"
ERROR_KEYS = {"error", "error_class", "request_id"}

needs_scenario = pytest.mark.skipif(
    not os.path.isdir(SCENARIO), reason=f"shared corpus not found at {SCENARIO}")


def ok(r, status=200):
    assert r.status == status, (r.status, r.body[:500])
    return r.json() if r.body else None


def expect_error(r, status, mentions=()):
    assert r.status == status, (r.status, r.body[:500])
    body = r.json()
    assert ERROR_KEYS <= set(body), body
    for word in mentions:
        assert word in body["error"], (word, body)
    return body


def read(path):
    with open(path, "rb") as f:
        return f.read()


class World:
    """An org on the team plan with an owner token and a write API key."""

    def __init__(self, workdir, slug="live-org"):
        self.srv = Server(workdir)
        self.admin = self.srv.token("root@example.com")
        ok(self.srv.request("GET", "/api/v2/admin/me", token=self.admin))
        self.owner = self.srv.token(f"owner-{slug}@example.com")
        self.org = ok(self.srv.request("POST", "/api/v2/orgs",
                                       {"slug": slug, "display_name": slug},
                                       token=self.owner), 201)["id"]
        key = ok(self.srv.request("POST", f"/api/v2/orgs/{self.org}/api-keys",
                                  {"name": "op", "scopes": ["write"]},
                                  token=self.owner), 201)
        self.key = key["raw_key"]
        # No API sets a plan; the free plan allows one cloud account.
        self.srv.stop()
        with sqlite3.connect(self.srv.db) as db:
            db.execute("UPDATE orgs SET plan='team'")
        db.close()
        self.srv.start()

    def call(self, method, path, body=None, **kw):
        kw.setdefault("token", self.owner)
        return self.srv.request(method, f"/api/v2/orgs/{self.org}{path}", body=body, **kw)

    def account(self, provider="aws", external=AWS_ACCOUNT, **extra):
        body = {"provider": provider, "external_account_id": external,
                "display_name": f"{provider} {external}",
                "credential_type": "inventory_push", "credential_ref": ""}
        body.update(extra)
        return ok(self.call("POST", "/accounts", body), 201)

    def push(self, account_id, data, query=""):
        return self.call("POST", f"/accounts/{account_id}/inventory{query}", data)

    def resources(self, query=""):
        return ok(self.call("GET", f"/resources{query}"))


@pytest.fixture
def world(tmp_path):
    w = World(tmp_path)
    yield w
    w.srv.stop()


def set_plan(world, plan):
    world.srv.stop()
    with sqlite3.connect(world.srv.db) as db:
        db.execute("UPDATE orgs SET plan=? WHERE id=?", (plan, world.org))
    world.srv.start()


# ----------------------------------------------------------- cloud accounts

def test_account_is_registered_listed_and_its_credentials_sealed(world):
    arn = f"arn:aws:iam::{AWS_ACCOUNT}:role/driftwise-reader"
    created = world.account(credential_type="role_arn", credential_ref=arn,
                            default_region="eu-west-1")
    assert created["provider"] == "aws"
    assert created["external_account_id"] == AWS_ACCOUNT
    assert created["default_region"] == "eu-west-1"
    assert "credential_ref" not in created and arn not in json.dumps(created)
    listed = ok(world.call("GET", "/accounts"))
    assert listed["total"] == 1 and listed["accounts"][0] == created
    # At rest only a sealed value: the ARN appears nowhere in the file.
    world.srv.stop()
    with sqlite3.connect(world.srv.db) as db:
        (sealed,) = db.execute("SELECT credential_ref_sealed FROM cloud_accounts").fetchone()
    assert sealed.startswith("dws1:")
    assert arn.encode() not in read(world.srv.db)
    world.srv.start()
    # The same account twice: 409 naming the field.
    expect_error(world.call("POST", "/accounts", {
        "provider": "aws", "external_account_id": AWS_ACCOUNT, "display_name": "again",
        "credential_type": "inventory_push", "credential_ref": ""}), 409,
        mentions=["external_account_id"])


@pytest.mark.parametrize("body,mentions", [
    ({"provider": "aws", "external_account_id": "12345"}, ["external_account_id", "12-digit"]),
    ({"provider": "oracle"}, ["provider"]),
    ({"credential_type": "role_arn",
      "credential_ref": "arn:aws:iam::999999999999:role/x"}, ["999999999999", AWS_ACCOUNT]),
    ({"credential_type": "role_arn", "credential_ref": "not-an-arn"}, ["IAM role ARN"]),
    ({"credential_type": "password"}, ["credential_type"]),
    ({"provider": "azure", "external_account_id": "not-a-guid"}, ["GUID"]),
    ({"display_name": ""}, ["display_name"]),
])
def test_bad_account_is_refused_naming_the_field(world, body, mentions):
    full = {"provider": "aws", "external_account_id": AWS_ACCOUNT, "display_name": "x",
            "credential_type": "inventory_push", "credential_ref": ""}
    full.update(body)
    expect_error(world.call("POST", "/accounts", full), 400, mentions=mentions)
    assert ok(world.call("GET", "/accounts"))["total"] == 0


def test_free_plan_account_limit_answers_402(world):
    set_plan(world, "free")
    world.account()
    r = world.call("POST", "/accounts", {
        "provider": "gcp", "external_account_id": "my-project-1", "display_name": "g",
        "credential_type": "inventory_push", "credential_ref": ""})
    assert r.status == 402, r.body
    body = r.json()
    assert body["error_class"] == "plan_limit_exceeded"
    assert (body["limit"], body["current"], body["max"], body["plan"]) == (
        "cloud_accounts", 1, 1, "free")


def test_onboarding_info_bakes_in_the_org(world):
    aws = ok(world.call("GET", "/cloud-onboarding-info?provider=aws"))
    cond = aws["trust_policy"]["Statement"][0]["Condition"]["StringEquals"]
    assert cond["sts:ExternalId"] == world.org
    azure = ok(world.call("GET", "/cloud-onboarding-info?provider=azure"))
    assert world.org in azure["federated_credential"]["subject"]
    gcp = ok(world.call("GET", "/cloud-onboarding-info?provider=gcp"))
    assert world.org in gcp["wif_principal"]
    expect_error(world.call("GET", "/cloud-onboarding-info?provider=ibm"), 400,
                 mentions=["provider"])
    expect_error(world.call("GET", "/cloud-onboarding-info"), 400)


# ------------------------------------------------------------- inventories

@needs_scenario
def test_scenario_inventory_is_stored_paged_and_read_back(world):
    acct = world.account()
    records = json.loads(read(os.path.join(SCENARIO, "inventory.json")))
    pushed = ok(world.push(acct["id"], read(os.path.join(SCENARIO, "inventory.json")),
                           "?region=us-east-1"))
    assert pushed["format"] == "driftwise"
    assert pushed["resource_count"] == len(records) and pushed["rejected_count"] == 0
    seen = []
    for offset in range(0, len(records), 7):
        page = world.resources(f"?limit=7&offset={offset}")
        assert page["total"] == len(records) and page["limit"] == 7
        seen += page["resources"]
    assert len(seen) == len(records)
    want = sorted((r["provider_type"], r["provider_resource_id"]) for r in records)
    assert sorted((r["provider_type"], r["provider_resource_id"]) for r in seen) == want
    one = seen[0]
    got = ok(world.call("GET", f"/resources/{one['id']}"))
    assert got == one
    src = next(r for r in records if r["provider_resource_id"] == got["provider_resource_id"]
               and r["provider_type"] == got["provider_type"])
    assert got["properties"] == src.get("properties")
    assert got["name"] == src["name"] and got["region"] == src["region"]
    # Pushed resources carry their properties: enrich skips cleanly.
    assert ok(world.call("POST", f"/resources/{one['id']}/enrich")) == got
    assert world.resources(f"?account_id={acct['id']}&provider=aws")["total"] == len(records)
    assert world.resources("?provider=gcp")["total"] == 0
    expect_error(world.call("GET", "/resources?provider=ibm"), 400, mentions=["provider"])


@needs_scenario
def test_a_push_replaces_the_previous_push_of_its_region_only(world):
    acct = world.account()
    records = json.loads(read(os.path.join(SCENARIO, "inventory.json")))
    ok(world.push(acct["id"], json.dumps(records).encode(), "?region=us-east-1"))
    other = [{"provider": "aws", "provider_type": "AWS::S3::Bucket",
              "provider_resource_id": "arn:aws:s3:::eu-bucket", "region": "eu-west-1",
              "name": "eu-bucket", "properties": {"Name": "eu-bucket"}}]
    ok(world.push(acct["id"], json.dumps(other).encode(), "?region=eu-west-1"))
    before = {(r["provider_type"], r["provider_resource_id"]): r
              for r in world.resources("?limit=500")["resources"]}
    assert len(before) == len(records) + 1
    # Push us-east-1 again without its first record: that one goes, the
    # others keep their ids, eu-west-1 is untouched.
    ok(world.push(acct["id"], json.dumps(records[1:]).encode(), "?region=us-east-1"))
    after = {(r["provider_type"], r["provider_resource_id"]): r
             for r in world.resources("?limit=500")["resources"]}
    gone = (records[0]["provider_type"], records[0]["provider_resource_id"])
    assert gone not in after and len(after) == len(records)
    for key, row in after.items():
        assert row["id"] == before[key]["id"], key
    assert ("AWS::S3::Bucket", "arn:aws:s3:::eu-bucket") in after


def test_malformed_records_are_reported_and_the_rest_stored(world):
    acct = world.account()
    good = {"provider": "aws", "provider_type": "AWS::S3::Bucket",
            "provider_resource_id": "arn:aws:s3:::good", "name": "good"}
    records = [
        good,
        {"provider": "aws", "provider_type": "AWS::S3::Bucket", "name": "no-id"},
        "not an object",
        {"provider": "aws", "provider_resource_id": "arn:aws:s3:::no-type"},
        dict(good, provider_resource_id="arn:aws:s3:::other-account", account="999999999999"),
        dict(good),  # the first one again
        dict(good, provider_resource_id="arn:aws:s3:::good2", name="good2"),
    ]
    out = ok(world.push(acct["id"], json.dumps(records).encode()))
    assert out["resource_count"] == 2
    assert out["rejected_count"] == 5
    by_index = {r["index"]: r for r in out["rejected"]}
    assert sorted(by_index) == [1, 2, 3, 4, 5]
    assert by_index[1]["field"] == "provider_resource_id"
    assert by_index[2]["field"] == "record"
    assert by_index[3]["field"] == "provider_type"
    assert by_index[4]["field"] == "account" and "999999999999" in by_index[4]["reason"]
    assert by_index[5]["field"] == "provider_resource_id" and "repeats" in by_index[5]["reason"]
    for r in out["rejected"]:
        assert isinstance(r["offset"], int) and r["offset"] > 0
    names = sorted(r["name"] for r in world.resources()["resources"])
    assert names == ["good", "good2"]


def test_an_unusable_push_stores_nothing_and_keeps_the_previous(world):
    acct = world.account()
    good = [{"provider": "aws", "provider_type": "AWS::S3::Bucket",
             "provider_resource_id": "arn:aws:s3:::keep", "name": "keep"}]
    ok(world.push(acct["id"], json.dumps(good).encode()))
    body = expect_error(world.push(acct["id"], b'[{"provider": "aws"}, 7]', "?format=driftwise"), 422)
    assert body["rejected_count"] == 2
    expect_error(world.push(acct["id"], b'[{"provider": "aws" x}]'), 400,
                 mentions=["inventory", "invalid JSON"])
    # A record of the wrong shape inside valid JSON: the offset is named.
    expect_error(world.push(acct["id"], b'{"resources": 7}', "?format=driftwise"), 400,
                 mentions=["inventory"])
    expect_error(world.push(acct["id"], b'{}', "?format=yaml"), 400, mentions=["format"])
    expect_error(world.push(acct["id"], b'[]', "?format=driftctl"), 400,
                 mentions=["terraform_type"])
    assert [r["name"] for r in world.resources()["resources"]] == ["keep"]


def test_another_orgs_account_is_refused_like_a_missing_one(world):
    other_owner = world.srv.token("other@example.com")
    org_b = ok(world.srv.request("POST", "/api/v2/orgs", {"slug": "other-org",
                                                          "display_name": "B"},
                                 token=other_owner), 201)["id"]
    b_acct = ok(world.srv.request("POST", f"/api/v2/orgs/{org_b}/accounts", {
        "provider": "aws", "external_account_id": AWS_ACCOUNT, "display_name": "b",
        "credential_type": "inventory_push", "credential_ref": ""},
        token=other_owner), 201)["id"]
    data = json.dumps([{"provider": "aws", "provider_type": "AWS::S3::Bucket",
                        "provider_resource_id": "arn:aws:s3:::x"}]).encode()
    cross = world.push(b_acct, data)
    missing = world.push("00000000-0000-4000-8000-000000000000", data)
    expect_error(cross, 404)
    expect_error(missing, 404)
    # Org B's owner pushing into B's own account still works.
    r = world.srv.request("POST", f"/api/v2/orgs/{org_b}/accounts/{b_acct}/inventory",
                          data, token=other_owner)
    ok(r)
    assert world.resources()["total"] == 0


@pytest.mark.parametrize("provider,external,path,query,fmt,count", [
    ("aws", AWS_ACCOUNT, "aws_config_batch.moto.json", "", "aws-config", None),
    ("azure", "cfbbd179-59d2-4052-aa06-9270a38aa9d6", "azure_table.handmade.json", "",
     "azure-resource-graph", None),
    ("kubernetes", "prod-cluster", "kubectl_list.handmade.json", "", "kubectl", None),
])
def test_every_engine_format_is_ingested(world, provider, external, path, query, fmt, count):
    acct = world.account(provider=provider, external=external)
    out = ok(world.push(acct["id"], read(os.path.join(INVENTORY_DATA, path)), query))
    assert out["format"] == fmt
    assert out["resource_count"] > 0
    assert world.resources(f"?account_id={acct['id']}")["total"] == out["resource_count"]


@pytest.mark.skipif(not os.path.isdir(os.path.join(SHARED, "corpus", "inventories")),
                    reason="shared corpus inventories not found")
def test_gcp_cai_and_driftctl_inventories_are_ingested(world):
    inv = os.path.join(SHARED, "corpus", "inventories")
    cai = world.account(provider="gcp", external="brunore-db-test")
    out = ok(world.push(cai["id"], read(os.path.join(
        inv, "gcp-cai-policy-library", "sql_backup.cai.json"))))
    assert out["format"] == "gcp-cai" and out["resource_count"] > 0
    aws = world.account(provider="aws", external="047081014315")
    out = ok(world.push(aws["id"], read(os.path.join(
        inv, "driftctl-remote-enumeration",
        "aws_cloudfront_distribution_single__results.json")),
        "?format=driftctl&terraform_type=aws_cloudfront_distribution"))
    assert out["format"] == "driftctl" and out["resource_count"] == 1


def test_a_huge_body_is_refused_before_it_is_read(world):
    acct = world.account()
    conn = http.client.HTTPConnection("127.0.0.1", world.srv.port, timeout=10)
    conn.putrequest("POST", f"/api/v2/orgs/{world.org}/accounts/{acct['id']}/inventory")
    conn.putheader("Authorization", "Bearer " + world.owner)
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(1 << 30))
    conn.endheaders()
    try:
        conn.send(b"[" * 4096)
    except (BrokenPipeError, ConnectionResetError, socket.timeout):
        pass
    r = conn.getresponse()
    assert r.status == 413
    conn.close()


# --------------------------------------------------------- operator report

def test_operator_report_is_for_api_keys_and_the_keys_own_cluster(world):
    acct = world.account(provider="kubernetes", external="prod-cluster")
    items = json.loads(read(os.path.join(INVENTORY_DATA, "kubectl_list.handmade.json")))["items"]
    body = {"cluster_id": "prod-cluster", "namespace": "prod", "resources": items}
    r = world.srv.request("POST", "/api/v2/operator/report", body, api_key=world.key)
    out = ok(r, 202)
    assert out["report_id"] and out["resource_count"] > 0
    listed = world.resources(f"?account_id={acct['id']}")
    assert listed["total"] == out["resource_count"]
    assert {r["provider"] for r in listed["resources"]} == {"kubernetes"}
    # OIDC callers: 403. An unknown cluster: 404. A bad body: 400.
    expect_error(world.srv.request("POST", "/api/v2/operator/report", body,
                                   token=world.owner), 403)
    expect_error(world.srv.request("POST", "/api/v2/operator/report",
                                   dict(body, cluster_id="nope"), api_key=world.key),
                 404, mentions=["nope"])
    expect_error(world.srv.request("POST", "/api/v2/operator/report",
                                   {"cluster_id": "prod-cluster", "resources": []},
                                   api_key=world.key), 400, mentions=["namespace"])


# ------------------------------------------------------------ plan analyses

@needs_scenario
def test_plan_analysis_equals_the_cli_and_links_live_resources(world):
    acct = world.account()
    ok(world.push(acct["id"], read(os.path.join(SCENARIO, "inventory.json")),
                  "?region=us-east-1"))
    plan_path = os.path.join(SCENARIO, "plan.json")
    plan_text = read(plan_path).decode()
    out = ok(world.call("POST", "/plans/analyze",
                        {"plan_json": plan_text,
                         "ci": {"repo": "acme/infra", "pr_number": 7, "sha": "abc"}}))
    cli = subprocess.run([CLI, "plan", "assess", plan_path, "--output", "json",
                          "--fail-on", "never"], capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    want = json.loads(cli.stdout)
    got = out["assessment"]
    for key in set(want) | set(got):
        if key in ("plan", "plan_uri", "tool", "tool_version"):
            continue
        assert got.get(key) == want.get(key), key
    assert out["risk_level"] == want["risk_level"]
    assert out["narrative"] == want["narrative"]
    assert out["ci"]["repo"] == "acme/infra"
    # Every change the plan makes to a resource that is live here is linked.
    plan = json.loads(plan_text)
    by_prid = {r["provider_resource_id"]: r for r in world.resources("?limit=500")["resources"]}
    linked_ids = set()
    for rid, row in by_prid.items():
        links = ok(world.call("GET", f"/resources/{row['id']}/plan-links"))
        for link in links["links"]:
            assert link["analysis_id"] == out["analysis_id"]
            assert link["ci"]["pr_number"] == 7
            linked_ids.add(row["id"])
    assert out["linked_resources"] >= len(linked_ids) > 0
    changed = [rc["address"] for rc in plan["resource_changes"]
               if rc["change"]["actions"] not in (["no-op"], ["read"])]
    assert {c["address"] for c in out["changes"]} == set(changed)


def test_plan_analysis_refuses_bad_input_naming_where(world):
    r = world.call("POST", "/plans/analyze", {"plan_json": '{"format_version": "1.2", '})
    expect_error(r, 400, mentions=["plan_json", "offset"])
    expect_error(world.call("POST", "/plans/analyze", {"ci": {}}), 400, mentions=["plan_json"])
    expect_error(world.call("POST", "/plans/analyze", {"plan_json": "{}", "x": 1}), 400,
                 mentions=["x"])


def test_every_mutation_left_an_intact_audit_chain(world):
    acct = world.account()
    ok(world.push(acct["id"], json.dumps([{
        "provider": "aws", "provider_type": "AWS::S3::Bucket",
        "provider_resource_id": "arn:aws:s3:::a"}]).encode()))
    log = ok(world.call("GET", "/audit-log?limit=50"))
    actions = [e["action"] for e in log[next(k for k in log if isinstance(log[k], list))]]
    assert "cloud_account.created" in actions and "inventory.pushed" in actions
    verify = ok(world.call("GET", "/audit-log/verify"))
    assert verify["status"] == "intact", verify
