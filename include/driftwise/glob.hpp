// File: driftwise/glob.hpp
//
// Globs over resource types and attribute paths (docs/design.md §3.6), compiled
// to RE2 so a whole rule set classifies a string in one pass.
//
// Resource-type globs match a whole type name: `*` any run of characters,
// `?` one character, `[abc]` / `[a-z]` / `[!a]` a character class, `{a,b}`
// alternatives (nestable, may be empty: `aws_sqs_queue{,_policy}`), `\`
// escapes the next character. Example: `google_*_iam_{member,binding}`.
//
// Attribute globs match attribute paths in the §3.1 syntax, segment by
// segment (`ingress[0].cidr_blocks[1]` has segments ingress / 0 /
// cidr_blocks / 1; `tags["kubernetes.io/name"]` has tags /
// kubernetes.io/name):
//   name        a key segment; inside it `*` any characters, `?` one
//               character, `{a,b}` alternatives, `\` escapes
//   *  or [*]   exactly one segment (any key or any index)
//   **          zero or more segments (a `**` inside a longer segment acts
//               like `*`)
//   [3]         list index 3
//   ["k.x"]     the literal map key `k.x` (JSON string; no wildcards inside)
//   {a,b.c}     alternatives may span segments
// An attribute glob selects a subtree: it matches a path when it matches
// the path or one of its ancestors, so `tags` covers `tags.owner` and
// `ingress` covers `ingress[0].from_port` (like Terraform's ignore_changes).
// Matching is case-sensitive.
//
// Errors: kInvalidArgument naming the pattern, the problem and its byte
// offset inside the pattern (Status::offset()).
// Thread-safety: a compiled GlobSet is immutable; Match may be called from
// any number of threads at once.
#ifndef DRIFTWISE_GLOB_HPP
#define DRIFTWISE_GLOB_HPP

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "driftwise/path.hpp"
#include "driftwise/status.hpp"

namespace dw {
inline namespace v1 {

/// What a glob is matched against.
enum class GlobKind {
  kResourceType,   // a whole Terraform type name, e.g. aws_s3_bucket
  kAttributePath,  // a §3.1 attribute path, e.g. ingress[0].cidr_blocks
};

/// Limits that keep compilation bounded on hostile input.
inline constexpr std::size_t kMaxGlobLength = 1024;
inline constexpr std::size_t kMaxGlobAlternatives = 256;

/// Checks a glob; OK or kInvalidArgument with the offset of the problem.
Status ValidateGlob(std::string_view pattern, GlobKind kind);

/// The RE2 regular expression (anchored at both ends) equivalent to
/// `pattern`. Attribute globs match the "match form" of a path (see
/// PathMatchForm); `subtree` appends "and any descendants".
Result<std::string> GlobToRegex(std::string_view pattern, GlobKind kind,
                                bool subtree = true);

/// The text attribute-path regexes are matched against: FormatPath's text
/// with a leading '.' before a first key segment ("tags.a" -> ".tags.a",
/// "" -> ""). Exposed for tests and tools.
std::string PathMatchForm(std::string_view path_text);

/// One pattern of a GlobSet: a resource-type glob and, optionally, an
/// attribute glob ("" = the pattern matches resource types only).
struct GlobRule {
  std::string resource_type;
  std::string attribute;
};

/// A set of (type glob, attribute glob) patterns compiled into one RE2::Set
/// per kind, so one pass finds every pattern that matches.
class GlobSet {
 public:
  GlobSet();
  ~GlobSet();
  GlobSet(const GlobSet&);
  GlobSet& operator=(const GlobSet&);
  GlobSet(GlobSet&&) noexcept;
  GlobSet& operator=(GlobSet&&) noexcept;

  /// Compiles every rule. Errors name the rule index and field
  /// ("rules[3].attribute: ...") with the offset inside the pattern.
  static Result<GlobSet> Compile(const std::vector<GlobRule>& rules);

  std::size_t size() const noexcept;

  /// Indices (ascending) of rules whose type glob matches `resource_type`,
  /// whether or not they have an attribute glob.
  void MatchType(std::string_view resource_type, std::vector<int>* out) const;

  /// Indices (ascending) of rules with an attribute glob that match both
  /// `resource_type` and the attribute path `path_text` (or an ancestor).
  void MatchPath(std::string_view resource_type, std::string_view path_text,
                 std::vector<int>* out) const;

  /// The longest ancestor-or-self of `path` that rule `index`'s
  /// attribute glob matches exactly; returns its segment count, or -1.
  int MatchedPrefixLength(int index, std::span<const PathSegment> path) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace v1
}  // namespace dw

#endif  // DRIFTWISE_GLOB_HPP
