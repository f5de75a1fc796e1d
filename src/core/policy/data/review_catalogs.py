#!/usr/bin/env python3
"""Turns the draft catalogs in shared/data into driftwise's reviewed built-in
catalogs (src/core/noise/data/builtin_noise_rules.json and
src/core/policy/data/builtin_risk_catalog.json).

Every change to a draft entry is recorded in that entry's "review" field, so
the catalog says what was changed and why. Ids of draft entries are kept.
Run: python3 review_catalogs.py SHARED_DATA_DIR SOURCE_DIR
"""
import json
import sys

CONDITION_FOR_CAUSE = {
    "json_reorder": "json_equivalent",
    "set_order": "set_equivalent",
    "set_order_and_api_summarization": "set_equivalent",
    "set_order_and_case": "set_equivalent",
    "case": "case_insensitive",
    "null_vs_empty": "null_vs_empty",
    "null_vs_zero": "null_vs_zero",
    "unknown_after_apply": "unknown_after_apply",
    "dns_canonicalization": "dns_equivalent",
    "cidr_form": "cidr_equivalent",
    "reference_form": "reference_equivalent",
    "version_drift": "version_prefix",
}

# Draft rules whose attribute glob hid real changes or whose condition needs
# a value check: id -> (changes, review note).
NOISE_FIXES = {
    "aws.lambda_function.computed": (
        {"attribute": "last_modified"},
        "source_code_hash removed from the glob: a changed hash is a code "
        "deploy (the draft's own note), not noise."),
    "aws.ecs_task_definition.container_definitions": (
        {"condition": "json_defaults_added"},
        "noise only when the documents differ by server-added members; an "
        "image or env change stays visible."),
    "aws.elasticsearch_domain.access_policies": (
        {"condition": "json_defaults_added"},
        "noise only when the policies are equal once server-added members "
        "are ignored."),
    "google.bigquery_table.schema_mode": (
        {"condition": "json_defaults_added"},
        "noise only when the schemas differ by defaulted members "
        "(mode: NULLABLE); a new column stays visible."),
    "azurerm.monitor_diagnostic_setting.logs": (
        {"condition": "json_defaults_added"},
        "disabling a log category is a security change: noise only for "
        "reordering and server-added default blocks."),
    "aws.cognito_user_pool.schema": (
        {"condition": "json_defaults_added"},
        "noise only for server-added constraint defaults."),
    "kubernetes.well_known_annotations": (
        {"attribute": "**.metadata[*].{annotations,labels}.{*kubernetes\\.io*,*k8s\\.io*}"},
        "narrowed to well-known (kubernetes.io / k8s.io) keys as the rule "
        "name says; user labels drive selectors and are real changes."),
    "kubernetes.manifest.server_annotations": (
        {"attribute": "object.metadata.annotations.{*kubernetes\\.io*,*k8s\\.io*}"},
        "narrowed to server-managed (kubernetes.io / k8s.io) keys."),
    "azurerm.web_app.app_settings_system_keys": (
        {"attribute": "app_settings.WEBSITE_*"},
        "narrowed to the WEBSITE_* system keys of the cited issues; other "
        "app settings are user configuration."),
    "azurerm.web_app.app_settings_linefeed": (
        {"condition": "newline_equivalent"},
        "noise only when values differ by line endings."),
    "google.dns_record_set.txt_quoting": (
        {"condition": "quote_equivalent"},
        "noise only when records differ by TXT quoting."),
    "google.cloud_run.system_annotations": (
        {"attribute": "{metadata[*].annotations,template[*].metadata[*].{annotations,labels}}"
                      ".{*run\\.googleapis\\.com*,*client\\.knative\\.dev*,*serving\\.knative\\.dev*}"},
        "narrowed to the system-managed key prefixes of the cited issues; "
        "user annotations (e.g. autoscaling) are real changes."),
    "aws.s3_bucket.inline_vs_split_resources": (
        {"default_enabled": False},
        "disabled by default: without knowing that a split resource manages "
        "the setting it would hide real policy/ACL/encryption changes."),
    "aws.iam_role.exclusive_policy_management": (
        {"default_enabled": False},
        "disabled by default: it would hide managed policy attachments "
        "(privilege changes) on roles that do not use split resources."),
    "aws.s3_bucket_lifecycle_configuration.multiple": (
        {"default_enabled": False},
        "disabled by default: it would hide real expiration rule changes."),
    "google.compute_instance.startup_script": (
        {"default_enabled": False},
        "disabled by default: startup scripts run code; hide only when both "
        "arguments are known to be set."),
    "aws.user_data.encoding": (
        {"default_enabled": False},
        "disabled by default: the plan shows hashes, so a real user_data "
        "change cannot be told from an encoding change."),
}


def review_noise(draft):
    out = {
        "schema": "driftwise.builtin_noise_rules/1",
        "status": "reviewed",
        "documentation": "docs/noise.md; facts: guides/noise-risk-study.md",
        "derived_from": "shared/data/builtin_noise_rules.draft.json",
        "cause_values": draft["cause_values"],
        "rules": [],
    }
    for r in draft["rules"]:
        r = dict(r)
        r.setdefault("condition", CONDITION_FOR_CAUSE.get(r["cause"], "always"))
        if r["id"] in NOISE_FIXES:
            changes, note = NOISE_FIXES[r["id"]]
            r.update(changes)
            r["review"] = note
        if r["attribute"] is None:
            r["attribute"] = ""
        r.pop("normalization", None)
        out["rules"].append(r)
    out["rules"].sort(key=lambda x: x["id"])
    return out


PROTECTION_IDS = {
    "attr.aws.rds.deletion_protection", "attr.aws.dynamodb.deletion_protection",
    "attr.aws.instance.termination_protection", "attr.aws.lb.deletion_protection",
    "attr.google.deletion_protection", "attr.google.sql.api_deletion_protection",
    "attr.azurerm.key_vault.purge_protection",
}


def review_risk(draft):
    out = {
        "schema": "driftwise.builtin_risk_catalog/1",
        "status": "reviewed",
        "documentation": "docs/policy.md; facts: guides/noise-risk-study.md",
        "derived_from": "shared/data/builtin_risk_types.draft.json",
        "severity_scale": ["critical", "high", "medium", "low"],
        "categories": draft["categories"],
        "provenance": draft["provenance"],
        "resource_types": [],
        "attribute_rules": [],
    }
    for cat in out["categories"].values():
        sev = cat["default_severity_by_action"]
        for k in list(sev):
            if sev[k] == "info":
                del sev[k]
    for r in draft["resource_types"]:
        r = dict(r)
        sev = {a: s for a, s in r["severity_by_action"].items() if a in r["actions"]}
        if sev != r["severity_by_action"]:
            r.setdefault("review", "severity_by_action limited to the listed actions "
                         "(the draft's 'info' for create is not a severity of §3.6).")
        r["severity_by_action"] = sev
        r.pop("attribute", None)
        out["resource_types"].append(r)
    for r in draft["attribute_rules"]:
        r = dict(r)
        eq = r.get("equivalent_checks")
        if eq is not None and not eq.get("trivy_severity"):
            eq.pop("trivy_severity", None)
        if r["id"] == "attr.aws.sg.open_ingress":
            r["resource_type"] = "aws_security_group"
            r["attribute"] = "ingress[*].{cidr_blocks,ipv6_cidr_blocks}"
            r["review"] = ("aws_security_group_rule split into attr.aws.sg_rule.open_ingress: "
                           "its cidr_blocks serve ingress and egress, so the draft fired on "
                           "egress rules too.")
            rule = dict(r, id="attr.aws.sg_rule.open_ingress", resource_type="aws_security_group_rule",
                        attribute="{cidr_blocks,ipv6_cidr_blocks}",
                        condition=dict(r["condition"], where={"type": "ingress"}),
                        review="split from attr.aws.sg.open_ingress; only rules with type = ingress.")
            out["attribute_rules"].append(r)
            out["attribute_rules"].append(rule)
            continue
        if r["id"] == "attr.aws.sg.open_egress":
            r["resource_type"] = "aws_security_group"
            r["attribute"] = "egress[*].{cidr_blocks,ipv6_cidr_blocks}"
            r["review"] = ("aws_security_group_rule split into attr.aws.sg_rule.open_egress "
                           "(type = egress only); ipv6 added like the ingress rule.")
            rule = dict(r, id="attr.aws.sg_rule.open_egress", resource_type="aws_security_group_rule",
                        attribute="{cidr_blocks,ipv6_cidr_blocks}",
                        condition=dict(r["condition"], where={"type": "egress"}),
                        review="split from attr.aws.sg.open_egress; only rules with type = egress.")
            out["attribute_rules"].append(r)
            out["attribute_rules"].append(rule)
            continue
        if r["id"] == "attr.aws.sqs_sns.sse_removed":
            r["attribute"] = "kms_master_key_id"
            r["review"] = ("sqs_managed_sse_enabled dropped: it is false whenever a KMS key is "
                           "used, so 'removed' on it was not 'encryption off'.")
        if r["id"] in PROTECTION_IDS:
            r["on_create"] = False
            r["review"] = ("does not fire on create: the flag's default is off, so every new "
                           "resource would be flagged; turning it off later is the risk.")
        out["attribute_rules"].append(r)
    return out


def main():
    shared, src = sys.argv[1], sys.argv[2]
    noise = review_noise(json.load(open(shared + "/builtin_noise_rules.draft.json")))
    risk = review_risk(json.load(open(shared + "/builtin_risk_types.draft.json")))
    with open(src + "/src/core/noise/data/builtin_noise_rules.json", "w") as f:
        json.dump(noise, f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(src + "/src/core/policy/data/builtin_risk_catalog.json", "w") as f:
        json.dump(risk, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
