// File: src/core/plan/attribute_diff.cpp
//
// The diff semantics match what Terraform users compute by hand (and what
// the reference extractors in tools/baselines compute), so numbers can be
// cross-checked: a path is reported where the two sides differ and at least
// one side is a leaf; containers on both sides are descended.
#include "attribute_diff.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include "json/json_impl.hpp"

namespace dw {
inline namespace v1 {
namespace internal {
namespace {

bool IsLeaf(const JsonValue& v) {
  if (!v.valid()) return false;
  return !v.is_container() || v.size() == 0;
}

// True when two children are known to be equal from their input text
// alone: most of a plan's before and after values are unchanged, and
// comparing bytes is far cheaper than walking them.
bool SameText(const JsonValue& b, const JsonValue& b_parent, const JsonValue& a,
              const JsonValue& a_parent) {
  if (!b.is_container() || !a.is_container()) return false;
  std::string_view tb = JsonDocImpl::TextBeforeSibling(b, b_parent);
  return !tb.empty() && tb == JsonDocImpl::TextBeforeSibling(a, a_parent);
}

// Equality where an absent value equals null.
bool EqualOrBothNull(const JsonValue& a, const JsonValue& b) {
  bool an = !a.valid() || a.is_null();
  bool bn = !b.valid() || b.is_null();
  if (an || bn) return an && bn;
  return a.Equals(b);
}

class DiffWalker {
 public:
  explicit DiffWalker(PathSet& out) : out_(out), path_(out.walk_buffer()) {
    path_.clear();
  }

  void Walk(const JsonValue& b, const JsonValue& a) {
    bool b_leaf = IsLeaf(b), a_leaf = IsLeaf(a);
    if (b_leaf || a_leaf) {
      if (EqualOrBothNull(b, a)) return;
      if (!path_.empty()) out_.Add(path_);
    } else if (!b.valid() && !a.valid()) {
      return;
    }
    // Descend into whichever sides are non-empty containers.
    if (b.is_object() || a.is_object()) WalkObjects(b, a);
    if (b.is_array() || a.is_array()) WalkArrays(b, a);
  }

 private:
  void WalkObjects(const JsonValue& b, const JsonValue& a) {
    const bool bo = b.is_object(), ao = a.is_object();
    // Fast path: identical key order on both sides (Terraform's usual case).
    if (bo && ao && b.size() == a.size()) {
      auto rb = b.members(), ra = a.members();
      bool same = true;
      for (auto ib = rb.begin(), ia = ra.begin(); ib != rb.end(); ++ib, ++ia) {
        if ((*ib).key != (*ia).key) {
          same = false;
          break;
        }
      }
      if (same) {
        for (auto ib = rb.begin(), ia = ra.begin(); ib != rb.end();
             ++ib, ++ia) {
          if (SameText((*ib).value, b, (*ia).value, a)) continue;
          Child((*ib).key, (*ib).value, (*ia).value);
        }
        return;
      }
    }
    std::vector<JsonMember> mb, ma;
    if (bo) mb.assign(b.members().begin(), b.members().end());
    if (ao) ma.assign(a.members().begin(), a.members().end());
    auto by_key = [](const JsonMember& x, const JsonMember& y) {
      return x.key < y.key;
    };
    std::stable_sort(mb.begin(), mb.end(), by_key);
    std::stable_sort(ma.begin(), ma.end(), by_key);
    std::size_t i = 0, j = 0;
    while (i < mb.size() || j < ma.size()) {
      if (j == ma.size() || (i < mb.size() && mb[i].key < ma[j].key)) {
        Child(mb[i].key, mb[i].value, JsonValue());
        ++i;
      } else if (i == mb.size() || ma[j].key < mb[i].key) {
        Child(ma[j].key, JsonValue(), ma[j].value);
        ++j;
      } else {
        Child(mb[i].key, mb[i].value, ma[j].value);
        ++i;
        ++j;
      }
    }
  }

  void WalkArrays(const JsonValue& b, const JsonValue& a) {
    auto rb = b.elements(), ra = a.elements();
    auto ib = rb.begin(), ia = ra.begin();
    for (std::uint64_t idx = 0; ib != rb.end() || ia != ra.end(); ++idx) {
      JsonValue vb = ib != rb.end() ? *ib++ : JsonValue();
      JsonValue va = ia != ra.end() ? *ia++ : JsonValue();
      if (SameText(vb, b, va, a)) continue;
      path_.push_back(PathStep::Index(idx));
      Walk(vb, va);
      path_.pop_back();
    }
  }

  void Child(std::string_view key, const JsonValue& b, const JsonValue& a) {
    path_.push_back(PathStep::Key(key));
    Walk(b, a);
    path_.pop_back();
  }

  PathSet& out_;
  std::vector<PathStep>& path_;  // keys borrowed from the trees
};

}  // namespace

void CollectChangedPaths(JsonValue before, JsonValue after,
                         const JsonValue& parent, PathSet& out) {
  if (SameText(before, parent, after, parent)) return;
  DiffWalker(out).Walk(before, after);
}

}  // namespace internal
}  // namespace v1
}  // namespace dw
