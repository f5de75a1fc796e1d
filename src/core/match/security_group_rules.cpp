// File: src/core/match/security_group_rules.cpp
//
// AWS security group rules: the EC2 API returns IpPermissions (one entry
// per protocol/port range, with lists of CIDRs, prefix lists and groups);
// Terraform stores ingress/egress blocks (a set, each with lists of CIDRs).
// The API also merges and splits rules as it likes, so both sides are
// expanded to one canonical tuple per (protocol, from, to, single source,
// description) and compared as sets (noise study §A.3,
// expand_multi_cidr_rules).
#include "match/security_group_rules.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>
#include <vector>

#include "match/normalize.hpp"

namespace dw {
inline namespace v1 {
namespace match_internal {

namespace {

std::string Protocol(const JsonValue& v) {
  std::string p = v.is_string() ? std::string(v.as_string()) : v.ToJson();
  std::transform(p.begin(), p.end(), p.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (p == "6") return "tcp";
  if (p == "17") return "udp";
  if (p == "1") return "icmp";
  if (p == "58") return "icmpv6";
  if (p == "all" || p == "-1") return "-1";
  return p;
}

std::string Port(const JsonValue& v) {
  if (!v.valid() || v.is_null()) return "0";
  if (v.is_string()) return std::string(v.as_string());
  return std::to_string(v.as_int64());
}

std::string Text(const JsonValue& v) {
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

JsonValue Loose(const JsonValue& obj, std::string_view key) {
  JsonValue v = obj.Get(key);
  if (v.valid()) return v;
  std::string alt(key);
  alt[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(alt[0])));
  return obj.Get(alt);
}

void LiveTuples(const JsonValue& perms, std::vector<std::string>* out) {
  for (JsonValue p : perms.elements()) {
    std::string proto = Protocol(Loose(p, "IpProtocol"));
    std::string head = proto + "|" +
                       (proto == "-1" ? "0|0"
                                      : Port(Loose(p, "FromPort")) + "|" +
                                            Port(Loose(p, "ToPort")));
    auto each = [&](std::string_view list, std::string_view field,
                    std::string_view kind) {
      for (JsonValue r : Loose(p, list).elements()) {
        out->push_back(head + "|" + std::string(kind) + ":" +
                       Text(Loose(r, field)) + "|" +
                       Text(Loose(r, "Description")));
      }
    };
    each("IpRanges", "CidrIp", "cidr");
    each("Ipv6Ranges", "CidrIpv6", "cidr6");
    each("PrefixListIds", "PrefixListId", "pl");
    each("UserIdGroupPairs", "GroupId", "sg");
  }
}

void IacTuples(const JsonValue& rules, std::string_view self_id,
               std::vector<std::string>* out) {
  for (JsonValue r : rules.elements()) {
    std::string proto = Protocol(r.Get("protocol"));
    std::string head = proto + "|" +
                       (proto == "-1" ? "0|0"
                                      : Port(r.Get("from_port")) + "|" +
                                            Port(r.Get("to_port")));
    std::string desc = Text(r.Get("description"));
    auto each = [&](std::string_view list, std::string_view kind) {
      for (JsonValue v : r.Get(list).elements()) {
        std::string_view s = v.as_string();
        // "account/sg-id" references name the group by its id alone.
        if (kind == "sg" && s.find('/') != std::string_view::npos) {
          s = s.substr(s.rfind('/') + 1);
        }
        out->push_back(head + "|" + std::string(kind) + ":" + std::string(s) +
                       "|" + desc);
      }
    };
    each("cidr_blocks", "cidr");
    each("ipv6_cidr_blocks", "cidr6");
    each("prefix_list_ids", "pl");
    each("security_groups", "sg");
    if (r.Get("self").as_bool()) {
      out->push_back(head + "|sg:" + std::string(self_id) + "|" + desc);
    }
  }
}

// Tuples of either shape.
void AnyTuples(const JsonValue& rules, std::string_view self_id,
               std::vector<std::string>* out) {
  if (IsIpPermissions(rules)) {
    LiveTuples(rules, out);
  } else {
    IacTuples(rules, self_id, out);
  }
}

// "tcp|22|22|cidr:0.0.0.0/0|desc" -> "tcp 22 from 0.0.0.0/0 (\"desc\")".
std::string Readable(const std::string& tuple) {
  std::vector<std::string> f;
  std::size_t start = 0;
  for (int i = 0; i < 4; ++i) {
    std::size_t bar = tuple.find('|', start);
    if (bar == std::string::npos) return tuple;
    f.push_back(tuple.substr(start, bar - start));
    start = bar + 1;
  }
  const std::string desc = tuple.substr(start);
  std::string out;
  if (f[0] == "-1") {
    out = "all traffic";
  } else {
    out = f[0] + " " + (f[1] == f[2] ? f[1] : f[1] + "-" + f[2]);
  }
  std::string source = f[3].substr(f[3].find(':') + 1);
  out += " from " + source;
  if (!desc.empty()) out += " (\"" + desc + "\")";
  return out;
}

}  // namespace

bool IsIpPermissions(const JsonValue& rules) {
  for (JsonValue r : rules.elements()) {
    return Loose(r, "IpProtocol").valid();
  }
  return false;
}

std::string IpPermissionsAsTerraformRules(const JsonValue& live_permissions) {
  std::string out = "[";
  auto list = [&](const JsonValue& p, std::string_view name,
                  std::string_view field, std::string_view desc) {
    std::string items;
    for (JsonValue r : Loose(p, name).elements()) {
      if (Text(Loose(r, "Description")) != desc) continue;
      if (!items.empty()) items += ',';
      AppendJsonString(items, Text(Loose(r, field)));
    }
    return "[" + items + "]";
  };
  bool first = true;
  for (JsonValue p : live_permissions.elements()) {
    // Terraform keeps one block per description: split on it.
    std::vector<std::string> descs;
    for (std::string_view l :
         {"IpRanges", "Ipv6Ranges", "PrefixListIds", "UserIdGroupPairs"}) {
      for (JsonValue r : Loose(p, l).elements()) {
        std::string d = Text(Loose(r, "Description"));
        if (std::find(descs.begin(), descs.end(), d) == descs.end()) {
          descs.push_back(d);
        }
      }
    }
    if (descs.empty()) descs.push_back("");
    const std::string proto = Protocol(Loose(p, "IpProtocol"));
    for (const std::string& d : descs) {
      if (!first) out += ',';
      first = false;
      out += "{\"cidr_blocks\":" + list(p, "IpRanges", "CidrIp", d);
      out += ",\"description\":";
      AppendJsonString(out, d);
      out += ",\"from_port\":" +
             (proto == "-1" ? std::string("0") : Port(Loose(p, "FromPort")));
      out += ",\"ipv6_cidr_blocks\":" + list(p, "Ipv6Ranges", "CidrIpv6", d);
      out +=
          ",\"prefix_list_ids\":" + list(p, "PrefixListIds", "PrefixListId", d);
      out += ",\"protocol\":";
      AppendJsonString(out, proto);
      out +=
          ",\"security_groups\":" + list(p, "UserIdGroupPairs", "GroupId", d);
      out += ",\"self\":false,\"to_port\":" +
             (proto == "-1" ? std::string("0") : Port(Loose(p, "ToPort"))) +
             "}";
    }
  }
  return out + "]";
}

RuleDelta SecurityGroupRuleDelta(const JsonValue& live_rules,
                                 const JsonValue& iac_rules,
                                 std::string_view self_id) {
  std::vector<std::string> live, iac;
  AnyTuples(live_rules, self_id, &live);
  AnyTuples(iac_rules, self_id, &iac);
  std::sort(live.begin(), live.end());
  std::sort(iac.begin(), iac.end());
  live.erase(std::unique(live.begin(), live.end()), live.end());
  iac.erase(std::unique(iac.begin(), iac.end()), iac.end());
  RuleDelta delta;
  std::vector<std::string> only;
  std::set_difference(live.begin(), live.end(), iac.begin(), iac.end(),
                      std::back_inserter(only));
  for (const std::string& t : only) delta.added.push_back(Readable(t));
  only.clear();
  std::set_difference(iac.begin(), iac.end(), live.begin(), live.end(),
                      std::back_inserter(only));
  for (const std::string& t : only) delta.removed.push_back(Readable(t));
  return delta;
}

bool SecurityGroupRulesEqual(const JsonValue& live_permissions,
                             const JsonValue& iac_rules,
                             std::string_view self_id) {
  std::vector<std::string> live, iac;
  LiveTuples(live_permissions, &live);
  IacTuples(iac_rules, self_id, &iac);
  std::sort(live.begin(), live.end());
  std::sort(iac.begin(), iac.end());
  live.erase(std::unique(live.begin(), live.end()), live.end());
  iac.erase(std::unique(iac.begin(), iac.end()), iac.end());
  return live == iac;
}

}  // namespace match_internal
}  // namespace v1
}  // namespace dw
