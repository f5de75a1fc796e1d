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

constexpr Migration kSteps[] = {
    {1, "users, orgs, memberships, api keys, domains, audit chains", kV1},
};

}  // namespace

std::span<const Migration> SqliteMigrations() { return kSteps; }

int LatestSchemaVersion() { return kSteps[std::size(kSteps) - 1].version; }

}  // namespace dw::server::sqlite
