// File: server/store/migrations_sqlite.cpp
//
// The schema, one step per version. Never edit a released step: add one.
#include "store/migrations.hpp"

namespace dw::server::sqlite {
namespace {

// Version 1: identity, tenancy, API keys, the email-domain allowlist and
// the audit chains.
constexpr const char* kV1 = R"sql(
CREATE TABLE users (
  id                TEXT PRIMARY KEY,
  email             TEXT NOT NULL CONSTRAINT users_email_unique UNIQUE,
  display_name      TEXT NOT NULL DEFAULT '',
  is_platform_admin INTEGER NOT NULL DEFAULT 0
                    CONSTRAINT users_admin_check CHECK (is_platform_admin IN (0, 1)),
  created_at        TEXT NOT NULL,
  last_login_at     TEXT,
  deleted_at        TEXT
);

CREATE TABLE orgs (
  id                  TEXT PRIMARY KEY,
  name                TEXT NOT NULL,
  slug                TEXT NOT NULL CONSTRAINT orgs_slug_unique UNIQUE,
  plan                TEXT NOT NULL DEFAULT 'free'
                      CONSTRAINT orgs_plan_check CHECK (plan IN ('free', 'team', 'enterprise')),
  subscription_status TEXT NOT NULL DEFAULT 'active',
  created_at          TEXT NOT NULL
);
CREATE INDEX orgs_created_at ON orgs (created_at);

CREATE TABLE memberships (
  id         TEXT PRIMARY KEY,
  org_id     TEXT NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  role       TEXT NOT NULL
             CONSTRAINT memberships_role_check CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
  created_at TEXT NOT NULL,
  CONSTRAINT memberships_org_user_unique UNIQUE (org_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  org_id       TEXT NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
  name         TEXT NOT NULL,
  key_prefix   TEXT NOT NULL CONSTRAINT api_keys_prefix_unique UNIQUE,
  key_hash     BLOB NOT NULL CONSTRAINT api_keys_hash_check CHECK (length(key_hash) = 32),
  last4        TEXT NOT NULL,
  scopes       TEXT NOT NULL DEFAULT '[]',
  created_by   TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT
);
CREATE INDEX api_keys_org ON api_keys (org_id, created_at);

CREATE TABLE allowed_domains (
  id         TEXT PRIMARY KEY,
  domain     TEXT NOT NULL CONSTRAINT allowed_domains_domain_unique UNIQUE,
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);

-- Where each chain ends; read and updated in the transaction that appends.
CREATE TABLE chain_heads (
  chain_id  TEXT PRIMARY KEY,
  next_seq  INTEGER NOT NULL CONSTRAINT chain_heads_seq_check CHECK (next_seq >= 0),
  prev_hash BLOB NOT NULL CONSTRAINT chain_heads_hash_check CHECK (length(prev_hash) = 32)
);

-- id orders events by insertion (ties in time); (chain_id, seq) and
-- (chain_id, prev_hash) are backstops against gaps' opposite: duplicates
-- and forks.
CREATE TABLE audit_events (
  id        INTEGER PRIMARY KEY,
  chain_id  TEXT NOT NULL,
  seq       INTEGER NOT NULL CONSTRAINT audit_events_seq_check CHECK (seq >= 0),
  org_id    TEXT REFERENCES orgs (id) ON DELETE RESTRICT,
  time      TEXT NOT NULL,
  time_us   INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  target    TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash BLOB NOT NULL,
  hash      BLOB NOT NULL,
  CONSTRAINT audit_events_chain_seq_unique UNIQUE (chain_id, seq),
  CONSTRAINT audit_events_chain_prev_unique UNIQUE (chain_id, prev_hash)
);
CREATE INDEX audit_events_time ON audit_events (time_us, id);

-- The application never changes or removes an event; these catch a bug
-- that tries. (Someone with write access to the file can drop them: the
-- chain hashes and signed checkpoints are what detect that.)
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
)sql";

// Version 2: Terraform state sources, their globs and snapshots (issue #15),
// and the durable job table the server's workers claim from.
// state_resources has no index beyond its key: the drift workflow reads a
// snapshot's rows whole, and an index per column would double the cost of
// ingesting a 1M-instance state. current_snapshot_id has no FOREIGN KEY
// because state_snapshots references state_sources (a cycle PostgreSQL
// could only create with a later ALTER TABLE); InsertStateSnapshot and
// RecordStateSourceRefresh keep it consistent.
constexpr const char* kV2 = R"sql(
CREATE TABLE state_source_globs (
  id               TEXT PRIMARY KEY,
  org_id           TEXT NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
  display_name     TEXT NOT NULL,
  provider         TEXT NOT NULL
                   CONSTRAINT state_source_globs_provider_check
                   CHECK (provider IN ('s3', 'gcs', 'azure_blob', 'file')),
  bucket           TEXT NOT NULL,
  prefix           TEXT NOT NULL DEFAULT '',
  region           TEXT NOT NULL DEFAULT '',
  storage_account  TEXT NOT NULL DEFAULT '',
  cloud_account_id TEXT NOT NULL DEFAULT '',
  options          TEXT NOT NULL DEFAULT '{}',
  credentials      TEXT,
  created_at       TEXT NOT NULL,
  deleted_at       TEXT
);
CREATE INDEX state_source_globs_org ON state_source_globs (org_id, created_at);

CREATE TABLE state_sources (
  id                  TEXT PRIMARY KEY,
  org_id              TEXT NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
  name                TEXT NOT NULL,
  kind                TEXT NOT NULL
                      CONSTRAINT state_sources_kind_check
                      CHECK (kind IN ('upload', 's3', 'gcs', 'azure_blob', 'tfc', 'file')),
  config              TEXT NOT NULL DEFAULT '{}',
  credentials         TEXT,
  cloud_account_id    TEXT NOT NULL DEFAULT '',
  glob_id             TEXT REFERENCES state_source_globs (id) ON DELETE RESTRICT,
  glob_key            TEXT NOT NULL DEFAULT '',
  status              TEXT NOT NULL DEFAULT 'pending'
                      CONSTRAINT state_sources_status_check
                      CHECK (status IN ('pending', 'ok', 'error')),
  last_error          TEXT NOT NULL DEFAULT '',
  last_refreshed_at   TEXT,
  current_snapshot_id TEXT,
  created_at          TEXT NOT NULL,
  deleted_at          TEXT
);
CREATE INDEX state_sources_org ON state_sources (org_id, created_at);
CREATE UNIQUE INDEX state_sources_glob_key ON state_sources (glob_id, glob_key)
  WHERE glob_id IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE state_snapshots (
  id                TEXT PRIMARY KEY,
  org_id            TEXT NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
  source_id         TEXT NOT NULL REFERENCES state_sources (id) ON DELETE RESTRICT,
  sha256            TEXT NOT NULL
                    CONSTRAINT state_snapshots_sha_check CHECK (length(sha256) = 64),
  serial            INTEGER NOT NULL,
  lineage           TEXT NOT NULL,
  terraform_version TEXT NOT NULL,
  state_version     INTEGER NOT NULL,
  resource_count    INTEGER NOT NULL,
  bytes             INTEGER NOT NULL,
  created_at        TEXT NOT NULL
);
CREATE INDEX state_snapshots_source ON state_snapshots (source_id, created_at);

CREATE TABLE state_resources (
  snapshot_id TEXT NOT NULL REFERENCES state_snapshots (id) ON DELETE RESTRICT,
  ordinal     INTEGER NOT NULL,
  address     TEXT NOT NULL,
  mode        TEXT NOT NULL,
  type        TEXT NOT NULL,
  name        TEXT NOT NULL,
  provider    TEXT NOT NULL,
  module      TEXT NOT NULL,
  index_key   TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  PRIMARY KEY (snapshot_id, ordinal)
);

CREATE TABLE jobs (
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL,
  org_id           TEXT REFERENCES orgs (id) ON DELETE RESTRICT,
  payload          TEXT NOT NULL DEFAULT '{}',
  state            TEXT NOT NULL
                   CONSTRAINT jobs_state_check
                   CHECK (state IN ('queued', 'running', 'done', 'error')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  max_attempts     INTEGER NOT NULL DEFAULT 3
                   CONSTRAINT jobs_max_attempts_check CHECK (max_attempts >= 1),
  lease_owner      TEXT,
  lease_expires_at TEXT,
  run_after        TEXT NOT NULL,
  error            TEXT NOT NULL DEFAULT '',
  result           TEXT NOT NULL DEFAULT '{}',
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  finished_at      TEXT
);
-- The claim reads runnable jobs in this order; done/error rows are skipped
-- by the partial index, so the claim does not slow down as history grows.
CREATE INDEX jobs_runnable ON jobs (run_after, created_at)
  WHERE state IN ('queued', 'running');
CREATE INDEX jobs_org ON jobs (org_id, created_at);
)sql";

// Version 3: cloud accounts, the live resources pushed for them (per
// account and region), plan analyses linked to the live resources they
// touch, scan runs with their drift items, and the per-scan summaries the
// posture and history aggregate. (Version 2 is the state sources' step.)
constexpr const char* kV3 = R"sql(
CREATE TABLE cloud_accounts (
  id                    TEXT PRIMARY KEY,
  org_id                TEXT NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
  provider              TEXT NOT NULL
                        CONSTRAINT cloud_accounts_provider_check
                        CHECK (provider IN ('aws', 'gcp', 'azure', 'kubernetes')),
  external_account_id   TEXT NOT NULL,
  display_name          TEXT NOT NULL,
  credential_type       TEXT NOT NULL,
  credential_ref_sealed TEXT NOT NULL,
  default_region        TEXT NOT NULL DEFAULT '',
  created_at            TEXT NOT NULL,
  last_validated_at     TEXT,
  CONSTRAINT cloud_accounts_external_unique UNIQUE (org_id, provider, external_account_id)
);
CREATE INDEX cloud_accounts_org ON cloud_accounts (org_id, created_at, id);

CREATE TABLE inventory_batches (
  id             TEXT PRIMARY KEY,
  org_id         TEXT NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
  account_id     TEXT NOT NULL REFERENCES cloud_accounts (id) ON DELETE CASCADE,
  scope_region   TEXT NOT NULL,
  format         TEXT NOT NULL,
  source         TEXT NOT NULL,
  resource_count INTEGER NOT NULL,
  skipped_count  INTEGER NOT NULL,
  covered_types  TEXT NOT NULL DEFAULT '[]',
  created_at     TEXT NOT NULL
);
CREATE INDEX inventory_batches_scope
  ON inventory_batches (account_id, scope_region, created_at);

CREATE TABLE live_resources (
  id                        TEXT PRIMARY KEY,
  org_id                    TEXT NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
  account_id                TEXT NOT NULL REFERENCES cloud_accounts (id) ON DELETE CASCADE,
  scope_region              TEXT NOT NULL,
  provider                  TEXT NOT NULL,
  provider_type             TEXT NOT NULL,
  normalized_type           TEXT NOT NULL DEFAULT '',
  provider_resource_id      TEXT NOT NULL,
  region                    TEXT NOT NULL DEFAULT '',
  account                   TEXT NOT NULL DEFAULT '',
  name                      TEXT NOT NULL DEFAULT '',
  properties                TEXT NOT NULL DEFAULT 'null',
  terraform_shaped          INTEGER NOT NULL DEFAULT 0,
  tags                      TEXT NOT NULL DEFAULT '[]',
  has_tags                  INTEGER NOT NULL DEFAULT 0,
  identity_key              TEXT NOT NULL DEFAULT '',
  enrichment_status         TEXT NOT NULL DEFAULT 'n/a',
  enrichment_failure_reason TEXT,
  status                    TEXT NOT NULL DEFAULT 'active',
  batch_id                  TEXT NOT NULL,
  first_seen_at             TEXT NOT NULL,
  last_seen_at              TEXT NOT NULL,
  CONSTRAINT live_resources_key_unique
    UNIQUE (account_id, scope_region, provider_type, provider_resource_id)
);
CREATE INDEX live_resources_org ON live_resources
  (org_id, account_id, provider_type, provider_resource_id);
CREATE INDEX live_resources_org_provider ON live_resources
  (org_id, provider, account_id, provider_type, provider_resource_id);
CREATE INDEX live_resources_identity ON live_resources (org_id, identity_key)
  WHERE identity_key <> '';
CREATE INDEX live_resources_batch ON live_resources (account_id, scope_region, batch_id);

CREATE TABLE plan_analyses (
  id         TEXT PRIMARY KEY,
  org_id     TEXT NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
  risk_level TEXT NOT NULL,
  result     TEXT NOT NULL,
  ci         TEXT NOT NULL DEFAULT '{}',
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX plan_analyses_org ON plan_analyses (org_id, created_at);

CREATE TABLE plan_links (
  analysis_id      TEXT NOT NULL REFERENCES plan_analyses (id) ON DELETE CASCADE,
  org_id           TEXT NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
  live_resource_id TEXT NOT NULL REFERENCES live_resources (id) ON DELETE CASCADE,
  address          TEXT NOT NULL,
  action           TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  PRIMARY KEY (live_resource_id, analysis_id, address)
);
CREATE INDEX plan_links_analysis ON plan_links (analysis_id);

-- Scans: one run per cloud account; its drift items in the engine's order;
-- and, written when a scan completes, its summary and per-region/type
-- buckets, which posture, summary and history aggregate (never the items).
CREATE TABLE scan_runs (
  id             TEXT PRIMARY KEY,
  org_id         TEXT NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
  account_id     TEXT NOT NULL REFERENCES cloud_accounts (id) ON DELETE CASCADE,
  scan_type      TEXT NOT NULL,
  status         TEXT NOT NULL
                 CONSTRAINT scan_runs_status_check
                 CHECK (status IN ('pending', 'running', 'done', 'error')),
  error          TEXT NOT NULL DEFAULT '',
  job_id         TEXT NOT NULL DEFAULT '',
  detail         TEXT NOT NULL DEFAULT '{}',
  created_by     TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL,
  started_at     TEXT,
  finished_at    TEXT
);
CREATE INDEX scan_runs_org ON scan_runs (org_id, created_at, id);
CREATE INDEX scan_runs_account ON scan_runs (org_id, account_id, created_at);
CREATE INDEX scan_runs_active ON scan_runs (org_id, status)
  WHERE status IN ('pending', 'running');

CREATE TABLE drift_items (
  scan_id  TEXT NOT NULL REFERENCES scan_runs (id) ON DELETE CASCADE,
  seq      INTEGER NOT NULL,
  kind     TEXT NOT NULL,
  noise    INTEGER NOT NULL,
  item     TEXT NOT NULL,
  PRIMARY KEY (scan_id, seq)
) WITHOUT ROWID;
CREATE INDEX drift_items_signal ON drift_items (scan_id, noise, seq);

CREATE TABLE scan_summaries (
  scan_id        TEXT PRIMARY KEY REFERENCES scan_runs (id) ON DELETE CASCADE,
  org_id         TEXT NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
  account_id     TEXT NOT NULL,
  provider       TEXT NOT NULL,
  day            TEXT NOT NULL,
  finished_at    TEXT NOT NULL,
  live_count     INTEGER NOT NULL,
  iac_count      INTEGER NOT NULL,
  matched_count  INTEGER NOT NULL,
  new_count      INTEGER NOT NULL,
  missing_count  INTEGER NOT NULL,
  changed_count  INTEGER NOT NULL,
  noise_count    INTEGER NOT NULL,
  coverage_bp    INTEGER NOT NULL,
  risk_level     TEXT NOT NULL
);
CREATE INDEX scan_summaries_latest
  ON scan_summaries (org_id, account_id, finished_at, scan_id);
CREATE INDEX scan_summaries_day ON scan_summaries (org_id, day, provider, account_id);

CREATE TABLE scan_buckets (
  scan_id   TEXT NOT NULL REFERENCES scan_runs (id) ON DELETE CASCADE,
  dimension TEXT NOT NULL,
  key       TEXT NOT NULL,
  live      INTEGER NOT NULL,
  matched   INTEGER NOT NULL,
  drifted   INTEGER NOT NULL,
  PRIMARY KEY (scan_id, dimension, key)
) WITHOUT ROWID;
)sql";

constexpr Migration kSteps[] = {
    {1, "users, orgs, memberships, api keys, domains, audit chains", kV1},
    {2, "state sources, globs, snapshots, state resources, jobs", kV2},
    {3, "cloud accounts, live resources, plan analyses, scans", kV3},
};

}  // namespace

std::span<const Migration> SqliteMigrations() { return kSteps; }

int LatestSchemaVersion() { return kSteps[std::size(kSteps) - 1].version; }

}  // namespace dw::server::sqlite
