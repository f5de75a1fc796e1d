#include "api/server_app.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api/api_context.hpp"
#include "api/api_key_pepper.hpp"
#include "api/api_route.hpp"
#include "api/audit_trail.hpp"
#include "api/scan_runner.hpp"
#include "api/state_fetcher.hpp"
#include "api/state_ingest.hpp"
#include "http/access_log.hpp"
#include "http/dispatcher.hpp"
#include "http/http_server.hpp"
#include "http/signals.hpp"
#include "jobs/worker_pool.hpp"
#include "jwt/jwks_source.hpp"
#include "secrets/keyring_source.hpp"
#include "store/sqlite_store.hpp"

namespace dw::server {

struct ServerApp::Impl {
  ServerConfig config;
  std::unique_ptr<Store> store;
  std::unique_ptr<ApiContext> ctx;
  std::unique_ptr<StateFetcher> fetcher;
  // Declared after ctx and store: destroyed (stopped) before them.
  std::unique_ptr<WorkerPool> jobs;
  Router router;
  Metrics metrics;
  std::unique_ptr<AccessLog> access_log;
  std::unique_ptr<Dispatcher> dispatcher;
  std::unique_ptr<HttpServer> http;
};

namespace {

constexpr std::size_t kMaxBearerTokenBytes = 6144;

// Fills issuer, audience and JWKS location from a dev-issuer directory.
Status ApplyDevIssuer(ServerConfig& config) {
  if (config.dev_issuer_dir.empty()) return OkStatus();
  const std::string path = config.dev_issuer_dir + "/issuer.json";
  std::ifstream in(path);
  if (!in) {
    return InvalidArgumentError("--dev-issuer: cannot read " + path +
                                " (run `driftwise dev-issuer init " +
                                config.dev_issuer_dir + "` first)");
  }
  std::stringstream text;
  text << in.rdbuf();
  auto doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (!doc.is_object() || !doc.value("issuer", nlohmann::json()).is_string() ||
      !doc.value("audience", nlohmann::json()).is_string()) {
    return InvalidArgumentError(path + " lacks string issuer and audience");
  }
  if (config.oidc_issuer.empty()) config.oidc_issuer = doc["issuer"];
  if (config.oidc_audience.empty()) config.oidc_audience = doc["audience"];
  if (config.oidc_jwks.empty()) {
    config.oidc_jwks = config.dev_issuer_dir + "/jwks.json";
  }
  return OkStatus();
}

Result<std::unique_ptr<JwtVerifier>> MakeVerifier(const ServerConfig& config) {
  if (config.oidc_jwks.empty()) return std::unique_ptr<JwtVerifier>();
  if (config.oidc_issuer.empty() || config.oidc_audience.empty()) {
    return InvalidArgumentError(
        "--oidc-jwks needs --oidc-issuer and --oidc-audience");
  }
  JwksSourceOptions source_options;
  source_options.location = config.oidc_jwks;
  source_options.refetch_cooldown =
      std::chrono::seconds(config.jwks_refetch_cooldown_s);
  auto source = JwksSource::Create(source_options);
  if (!source.ok()) return source.status().WithContext("--oidc-jwks");
  JwtVerifierConfig verifier_config;
  verifier_config.issuer = config.oidc_issuer;
  verifier_config.audience = config.oidc_audience;
  verifier_config.leeway_seconds = config.oidc_leeway_s;
  // Below the transport's 8 KiB header-line limit, so an oversize token is
  // refused by the verifier with the generic 401 rather than by the HTTP
  // parser with a 400 (real IdP tokens stay well under 4 KiB).
  verifier_config.max_token_bytes = kMaxBearerTokenBytes;
  return JwtVerifier::Create(verifier_config, source.value());
}

// --allowed-domain values join the allowlist (audited as the config's doing).
Status SeedAllowedDomains(ApiContext& ctx) {
  for (const std::string& domain : ctx.config.allowed_domains) {
    Status status = ctx.Write([&](StoreTx& tx) -> Status {
      auto found = tx.FindDomain(domain);
      if (found.ok()) return OkStatus();
      if (found.status().code() != StatusCode::kNotFound) return found.status();
      auto added = tx.AddDomain({.id = "",
                                 .domain = domain,
                                 .created_by = "config",
                                 .created_at = ""});
      if (!added.ok()) return added.status();
      return AuditPlatform(
          tx, "config", "domain.added", "domain:" + added.value().id,
          {{"domain", added.value().domain}, {"source", "--allowed-domain"}});
    });
    if (!status.ok()) {
      return status.WithContext("--allowed-domain " + domain);
    }
  }
  return OkStatus();
}

}  // namespace

ServerApp::ServerApp() : impl_(std::make_unique<Impl>()) {}
ServerApp::~ServerApp() = default;

Result<std::unique_ptr<ServerApp>> ServerApp::Create(
    const ServerConfig& config_in) {
  std::unique_ptr<ServerApp> app(new ServerApp());
  Impl& impl = *app->impl_;
  impl.config = config_in;
  ServerConfig& config = impl.config;
  Status status = ApplyDevIssuer(config);
  if (!status.ok()) return status;

  std::string host;
  int port = 0;
  status = config.ParseListen(host, port);
  if (!status.ok()) return status;

  auto store = OpenSqliteStore(
      {.path = config.db, .busy_timeout_ms = 5000, .read_connections = 8});
  if (!store.ok()) return store.status().WithContext("--db " + config.db);
  impl.store = std::move(store.value());

  impl.ctx = std::make_unique<ApiContext>(*impl.store, config);
  ApiContext& ctx = *impl.ctx;
  const std::string pepper_file = config.api_key_pepper_file.empty()
                                      ? config.db + ".pepper"
                                      : config.api_key_pepper_file;
  auto pepper = LoadApiKeyPepper(config.api_key_pepper, pepper_file);
  if (!pepper.ok()) return pepper.status();
  ctx.api_key_pepper = std::move(pepper.value());
  const std::string keys_file = config.secret_keys_file.empty()
                                    ? config.db + ".secret-keys"
                                    : config.secret_keys_file;
  auto keyring = LoadSecretKeyring(config.secret_keys, keys_file);
  if (!keyring.ok()) return keyring.status();
  ctx.secrets = std::move(keyring.value());

  auto snapshots = SnapshotFiles::Open(SnapshotFiles::DirFor(config.db));
  if (!snapshots.ok()) return snapshots.status();
  ctx.snapshots = std::move(snapshots.value());
  impl.fetcher = MakeBuiltinStateFetcher(
      config.state_files_dir,
      {.allow_loopback = config.outbound_allow_loopback});
  ctx.fetcher = impl.fetcher.get();
  WorkerPoolOptions pool_options;
  pool_options.threads = config.workers;
  pool_options.lease = std::chrono::seconds(config.job_lease_s);
  impl.jobs = std::make_unique<WorkerPool>(*impl.store, pool_options);
  RegisterStateJobs(ctx, *impl.jobs);
  RegisterScanJobs(ctx, *impl.jobs);
  ctx.jobs = impl.jobs.get();

  auto verifier = MakeVerifier(config);
  if (!verifier.ok()) return verifier.status();
  ctx.verifier = std::move(verifier.value());
  if (!ctx.verifier) {
    spdlog::warn(
        "no OIDC issuer configured (--oidc-jwks or --dev-issuer): "
        "only API keys can authenticate");
  }
  status = SeedAllowedDomains(ctx);
  if (!status.ok()) return status;

  ctx.metrics = &impl.metrics;
  ctx.router = &impl.router;
  status = RegisterAllRoutes(ctx, impl.router);
  if (!status.ok()) return status;

  AccessLogOptions log_options;
  if (config.access_log == "-") {
    log_options.destination = "stderr";
  } else {
    log_options.destination = config.access_log;
  }
  auto access_log = AccessLog::Open(log_options);
  if (!access_log.ok()) return access_log.status().WithContext("--access-log");
  impl.access_log = std::move(access_log.value());

  impl.dispatcher =
      std::make_unique<Dispatcher>(impl.router, impl.metrics, *impl.access_log);
  HttpServerOptions http_options;
  http_options.host = host;
  http_options.port = port;
  http_options.threads = config.threads;
  http_options.max_body_bytes = config.max_body_bytes;
  // State uploads carry whole states (hundreds of MB): their own cap.
  // State uploads carry whole states (hundreds of MB) and inventory pushes
  // whole cloud listings: their own caps.
  http_options.body_limit =
      [max_state = static_cast<std::size_t>(config.max_state_bytes),
       max_inventory = static_cast<std::size_t>(config.max_inventory_bytes)](
          const std::string& method, const std::string& path) -> std::size_t {
    auto ends_with = [&](std::string_view suffix) {
      return path.size() > suffix.size() &&
             path.compare(path.size() - suffix.size(), suffix.size(), suffix) ==
                 0;
    };
    if (method != "POST" || path.rfind("/api/v2/orgs/", 0) != 0) return 0;
    if (ends_with("/upload")) return max_state;
    if (ends_with("/inventory")) return max_inventory;
    return 0;
  };
  http_options.read_timeout_s = config.read_timeout_s;
  http_options.write_timeout_s = config.write_timeout_s;
  const ServerConfig::Transport& t = config.transport;
  http_options.header_timeout_s = t.header_timeout_s;
  http_options.idle_keepalive_s = t.idle_timeout_s;
  http_options.drain_timeout_s = t.drain_timeout_s;
  http_options.body_min_bytes_per_s = t.body_min_rate;
  http_options.max_connections = t.max_connections;
  http_options.max_connections_per_client = t.max_connections_per_client;
  http_options.spool_above_bytes = t.spool_above_bytes;
  http_options.spool_dir = t.spool_dir;
  http_options.tls_cert_file = t.tls_cert;
  http_options.tls_key_file = t.tls_key;
  impl.http = std::make_unique<HttpServer>(http_options);
  impl.http->SetRejectObserver(impl.dispatcher->RejectObserver());
  status = impl.http->Bind();
  if (!status.ok()) return status.WithContext("--listen " + config.listen);
  status = impl.http->RegisterMetrics(impl.metrics);
  if (!status.ok()) return status;
  return app;
}

int ServerApp::port() const { return impl_->http->port(); }

void ServerApp::Serve() {
  // Jobs left by a crashed run are re-run once their leases expire.
  impl_->jobs->Start();
  impl_->http->Serve(std::ref(*impl_->dispatcher));
  impl_->jobs->Stop();
  impl_->access_log->Flush();
}

void ServerApp::Stop() { impl_->http->Stop(); }

Status ServerApp::ReloadTls() { return impl_->http->ReloadTls(); }

const Router& ServerApp::router() const { return impl_->router; }

Status RunServe(const ServerConfig& config) {
  auto app = ServerApp::Create(config);
  if (!app.ok()) return app.status();
  ServerApp& server = *app.value();
  const bool tls = !config.transport.tls_cert.empty();
  std::function<void()> on_reload;
  if (tls) on_reload = [&server] { (void)server.ReloadTls(); };  // logs
  auto signals = ShutdownSignals::Install(
      [&server](int signo) {
        spdlog::info("signal {}: draining in-flight requests", signo);
        server.Stop();
      },
      on_reload);
  if (!signals.ok()) return signals.status();
  spdlog::info("driftwise serving DriftWise API v2 on {}://{}:{} (db {})",
               tls ? "https" : "http",
               config.listen.substr(0, config.listen.rfind(':')), server.port(),
               config.db);
  server.Serve();
  spdlog::info("driftwise stopped");
  return OkStatus();
}

}  // namespace dw::server
