// File: server/api/state_views.hpp
//
// JSON views and shared checks of the state-source routes: what a source
// and a glob look like on the wire (credentials never appear), which config
// keys are secrets (moved out of config and sealed), and the HTTP answer
// for a backend or ingest failure.
#ifndef DRIFTWISE_SERVER_API_STATE_VIEWS_HPP
#define DRIFTWISE_SERVER_API_STATE_VIEWS_HPP

#include <nlohmann/json.hpp>
#include <string>

#include "api/call.hpp"
#include "store/state_store.hpp"

namespace dw::server {

nlohmann::json StateSourceJson(const StateSource& s);
nlohmann::json StateSourceGlobJson(const StateSourceGlob& g);

/// Moves the secret members of `config` (token, secret_access_key, ...)
/// into `secrets`; returns true when any was found.
bool SplitSecrets(nlohmann::json& config, nlohmann::json& secrets);

/// Answers a fetch/list/ingest failure: 413 size cap, 422 not a usable
/// state, 400 bad config, 501 backend not available, 404 gone, 502 other
/// backend failures.
void FailStateError(Call& call, const Status& status);
/// The same for a job's stored error text ("CODE_NAME: message").
void FailJobError(Call& call, const std::string& error);

}  // namespace dw::server

#endif  // DRIFTWISE_SERVER_API_STATE_VIEWS_HPP
