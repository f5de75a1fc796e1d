#include "api/server_config.hpp"

#include <charconv>

namespace dw::server {

Status ServerConfig::ParseListen(std::string& host, int& port) const {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return InvalidArgumentError("--listen \"" + listen +
                                "\" is not HOST:PORT (e.g. 127.0.0.1:8080)");
  }
  std::string_view port_text(listen.data() + colon + 1,
                             listen.size() - colon - 1);
  int value = -1;
  auto [end, ec] = std::from_chars(port_text.data(),
                                   port_text.data() + port_text.size(), value);
  if (ec != std::errc() || end != port_text.data() + port_text.size() ||
      value < 0 || value > 65535) {
    return InvalidArgumentError("--listen \"" + listen +
                                "\": port must be 0..65535");
  }
  host = listen.substr(0, colon);
  // "[::1]:8080" -> "::1"
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  port = value;
  return OkStatus();
}

}  // namespace dw::server
