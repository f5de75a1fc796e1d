// Brace expansion for globs: `aws_{a,b{c,d}}` -> aws_a, aws_bc, aws_bd.
// Braces are expanded before anything else so alternatives may span path
// segments (`{tags,labels}.*`). Escapes (`\{`) stay escaped in the output;
// braces inside `["quoted keys"]` and `[character classes]` are literal.
#ifndef DRIFTWISE_SRC_CORE_GLOB_BRACE_EXPANSION_HPP
#define DRIFTWISE_SRC_CORE_GLOB_BRACE_EXPANSION_HPP

#include <string>
#include <string_view>
#include <vector>

#include "driftwise/glob.hpp"
#include "driftwise/status.hpp"

namespace dw::glob_internal {

/// Every alternative of `pattern`, in pattern order. Errors: unbalanced
/// braces (offset of the brace), more than kMaxGlobAlternatives results.
Result<std::vector<std::string>> ExpandBraces(std::string_view pattern,
                                              GlobKind kind);

}  // namespace dw::glob_internal

#endif  // DRIFTWISE_SRC_CORE_GLOB_BRACE_EXPANSION_HPP
