// File: src/connectors/environment.cpp
//
// What the CLI takes from the environment, the way the cloud tools do:
// credentials (AWS_*, AZURE_STORAGE_*, GOOGLE_APPLICATION_CREDENTIALS,
// TF_TOKEN_<host>, TFE_TOKEN), endpoints (AWS_ENDPOINT_URL[_S3|_STS]) and
// the loopback opt-in for emulators (DRIFTWISE_ALLOW_LOOPBACK=1).
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "backend_util.hpp"
#include "driftwise/connectors/state_backend.hpp"

namespace dw::connectors {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

Result<std::string> ReadFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return NotFoundError(std::string(what) + " '" + path + "' cannot be read");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One profile's keys from an INI file (~/.aws/credentials layout).
std::map<std::string, std::string> IniSection(const std::string& text,
                                              const std::string& section) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  bool inside = false;
  auto trim = [](std::string s) {
    s.erase(0, s.find_first_not_of(" \t\r"));
    s.erase(s.find_last_not_of(" \t\r") + 1);
    return s;
  };
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[') {
      std::string name = trim(line.substr(1, line.find(']') - 1));
      if (name.rfind("profile ", 0) == 0) name = trim(name.substr(8));
      inside = name == section;
      continue;
    }
    std::size_t eq = line.find('=');
    if (inside && eq != std::string::npos) {
      out[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
    }
  }
  return out;
}

Result<nlohmann::json> AwsCredentials() {
  nlohmann::json c = nlohmann::json::object();
  if (!Env("AWS_ACCESS_KEY_ID").empty()) {
    c["access_key_id"] = Env("AWS_ACCESS_KEY_ID");
    c["secret_access_key"] = Env("AWS_SECRET_ACCESS_KEY");
    if (!Env("AWS_SESSION_TOKEN").empty()) {
      c["session_token"] = Env("AWS_SESSION_TOKEN");
    }
    return c;
  }
  std::string file = Env("AWS_SHARED_CREDENTIALS_FILE");
  if (file.empty() && !Env("HOME").empty()) {
    file = Env("HOME") + "/.aws/credentials";
  }
  std::string profile = Env("AWS_PROFILE");
  if (profile.empty()) profile = "default";
  std::ifstream probe(file);
  if (!probe) {
    if (!Env("AWS_PROFILE").empty()) {
      return NotFoundError("AWS_PROFILE is set but the credentials file '" +
                           file + "' cannot be read");
    }
    return c;
  }
  auto text = ReadFile(file, "AWS credentials file");
  if (!text.ok()) return text.status();
  auto s = IniSection(*text, profile);
  if (s.empty() && !Env("AWS_PROFILE").empty()) {
    return NotFoundError("profile '" + profile + "' not found in '" + file +
                         "'");
  }
  if (s.count("aws_access_key_id")) {
    c["access_key_id"] = s["aws_access_key_id"];
    c["secret_access_key"] = s["aws_secret_access_key"];
    if (s.count("aws_session_token"))
      c["session_token"] = s["aws_session_token"];
  }
  return c;
}

}  // namespace

Result<std::string> CredentialsFromEnvironment(std::string_view kind,
                                               std::string_view config_json) {
  nlohmann::json c = nlohmann::json::object();
  if (kind == "s3") {
    auto aws = AwsCredentials();
    if (!aws.ok()) return aws.status();
    c = *aws;
  } else if (kind == "azure_blob") {
    if (!Env("AZURE_STORAGE_CONNECTION_STRING").empty()) {
      c["connection_string"] = Env("AZURE_STORAGE_CONNECTION_STRING");
    } else if (!Env("AZURE_STORAGE_KEY").empty()) {
      c["account_key"] = Env("AZURE_STORAGE_KEY");
    } else if (!Env("AZURE_STORAGE_SAS_TOKEN").empty()) {
      c["sas_token"] = Env("AZURE_STORAGE_SAS_TOKEN");
    }
  } else if (kind == "gcs") {
    std::string file = Env("GOOGLE_APPLICATION_CREDENTIALS");
    if (!file.empty()) {
      auto text = ReadFile(file, "GOOGLE_APPLICATION_CREDENTIALS");
      if (!text.ok()) return text.status();
      auto j = ParseJsonObject(*text, "GOOGLE_APPLICATION_CREDENTIALS file");
      if (!j.ok()) return j.status();
      c = *j;
    }
  } else if (kind == "tfc") {
    auto config = ParseJsonObject(config_json, "tfc config");
    if (!config.ok()) return config.status();
    std::string host = ConfigString(*config, {"hostname"}, "app.terraform.io");
    // TF_TOKEN_app_terraform_io: dots become underscores, as Terraform does.
    std::string var = "TF_TOKEN_" + host;
    for (char& ch : var) {
      if (ch == '.' || ch == '-' || ch == ':') ch = '_';
    }
    std::string token = Env(var.c_str());
    if (token.empty()) token = Env("TFE_TOKEN");
    if (!token.empty()) c["token"] = token;
  }
  return c.dump();
}

Result<std::string> ConfigFromEnvironment(std::string_view kind,
                                          std::string_view config_json) {
  auto config = ParseJsonObject(config_json, std::string(kind) + " config");
  if (!config.ok()) return config.status();
  nlohmann::json& c = *config;
  if (kind == "s3") {
    std::string s3 = Env("AWS_ENDPOINT_URL_S3");
    if (s3.empty()) s3 = Env("AWS_ENDPOINT_URL");
    std::string sts = Env("AWS_ENDPOINT_URL_STS");
    if (sts.empty()) sts = Env("AWS_ENDPOINT_URL");
    if (!s3.empty() && !c.contains("endpoint")) c["endpoint"] = s3;
    if (!sts.empty() && !c.contains("sts_endpoint")) c["sts_endpoint"] = sts;
    std::string region = Env("AWS_REGION");
    if (region.empty()) region = Env("AWS_DEFAULT_REGION");
    if (!region.empty() && !c.contains("region")) c["region"] = region;
    if (!Env("AWS_ROLE_ARN").empty() && !c.contains("role_arn")) {
      c["role_arn"] = Env("AWS_ROLE_ARN");
    }
  } else if (kind == "azure_blob") {
    if (!Env("AZURE_STORAGE_BLOB_ENDPOINT").empty() &&
        !c.contains("endpoint")) {
      c["endpoint"] = Env("AZURE_STORAGE_BLOB_ENDPOINT");
    }
  } else if (kind == "gcs") {
    if (!Env("STORAGE_EMULATOR_HOST").empty() && !c.contains("endpoint")) {
      c["endpoint"] = Env("STORAGE_EMULATOR_HOST");
    }
  } else if (kind == "tfc") {
    if (!Env("TFE_ADDRESS").empty() && !c.contains("endpoint")) {
      c["endpoint"] = Env("TFE_ADDRESS");
    }
  }
  return c.dump();
}

Result<std::unique_ptr<StateBackend>> OpenStateUrlFromEnvironment(
    std::string_view url, BackendOptions options) {
  auto location = ParseStateUrl(url);
  if (!location.ok()) return location.status();
  auto config = ConfigFromEnvironment(location->kind, location->config_json);
  if (!config.ok()) return config.status();
  auto creds = CredentialsFromEnvironment(location->kind, *config);
  if (!creds.ok()) return creds.status();
  if (Env("DRIFTWISE_ALLOW_LOOPBACK") == "1") {
    options.http.policy.allow_loopback = true;
    options.http.policy.allow_http = true;
  }
  return OpenStateBackend(location->kind, *config, *creds, options);
}

}  // namespace dw::connectors
