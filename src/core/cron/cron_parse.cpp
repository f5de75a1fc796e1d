// Parsing five-field cron expressions (driftwise/cron.hpp).
//
// Each field is read into a bit set of allowed values; errors name the field
// and the byte offset of the item that is wrong, so a schedule form can point
// at it.
#include <array>
#include <cctype>
#include <string>

#include "driftwise/cron.hpp"

namespace dw {
inline namespace v1 {
namespace {

struct FieldSpec {
  std::string_view name;
  int min;
  int max;
  // Names for values min.., lowercased, or empty.
  const std::string_view* names;
  int name_count;
};

constexpr std::string_view kMonthNames[] = {"jan", "feb", "mar", "apr",
                                            "may", "jun", "jul", "aug",
                                            "sep", "oct", "nov", "dec"};
constexpr std::string_view kWeekdayNames[] = {"sun", "mon", "tue", "wed",
                                              "thu", "fri", "sat"};

constexpr std::array<FieldSpec, 5> kFields = {{
    {"minute", 0, 59, nullptr, 0},
    {"hour", 0, 23, nullptr, 0},
    {"day-of-month", 1, 31, nullptr, 0},
    {"month", 1, 12, kMonthNames, 12},
    // 7 is Sunday too; folded into 0 after parsing.
    {"day-of-week", 0, 7, kWeekdayNames, 7},
}};

struct Macro {
  std::string_view name;
  std::string_view fields;
};
constexpr Macro kMacros[] = {
    {"@yearly", "0 0 1 1 *"},  {"@annually", "0 0 1 1 *"},
    {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
    {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"},
    {"@hourly", "0 * * * *"},
};

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

Status FieldError(const FieldSpec& field, std::size_t offset,
                  std::string_view problem) {
  return InvalidArgumentError(
      std::string(field.name) + " field: " + std::string(problem), offset,
      std::string(field.name));
}

// One cron field being read; `base` is the field's offset in the whole text.
class FieldReader {
 public:
  FieldReader(const FieldSpec& spec, std::string_view text, std::size_t base)
      : spec_(spec), text_(text), base_(base) {}

  // Fills `bits` (bit v = value v allowed).
  Status Read(std::bitset<64>& bits) {
    std::size_t item_start = 0;
    while (true) {
      std::size_t comma = text_.find(',', item_start);
      std::size_t end = comma == std::string_view::npos ? text_.size() : comma;
      Status s = ReadItem(item_start, end, bits);
      if (!s.ok()) return s;
      if (comma == std::string_view::npos) return OkStatus();
      item_start = comma + 1;
    }
  }

 private:
  Status ReadItem(std::size_t begin, std::size_t end, std::bitset<64>& bits) {
    if (begin == end) return Error(begin, "empty list item");
    std::string_view item = text_.substr(begin, end - begin);
    std::size_t slash = item.find('/');
    std::string_view range = item.substr(0, slash);
    int lo = spec_.min, hi = spec_.max, step = 1;
    bool open_ended = false;  // "a/s": from a to the field's end
    if (range == "*") {
      // whole range
    } else {
      std::size_t dash = range.find('-');
      Result<int> first = Value(begin, range.substr(0, dash));
      if (!first.ok()) return first.status();
      lo = hi = first.value();
      if (dash != std::string_view::npos) {
        Result<int> last = Value(begin + dash + 1, range.substr(dash + 1));
        if (!last.ok()) return last.status();
        hi = last.value();
        if (hi < lo) {
          return Error(begin, "range " + std::string(range) +
                                  " runs backwards (first > last)");
        }
      } else if (slash != std::string_view::npos) {
        open_ended = true;
      }
    }
    if (slash != std::string_view::npos) {
      std::string_view step_text = item.substr(slash + 1);
      std::size_t step_at = begin + slash + 1;
      if (step_text.empty()) return Error(step_at, "missing step after '/'");
      Result<int> parsed = Number(step_at, step_text);
      if (!parsed.ok()) return parsed.status();
      step = parsed.value();
      if (step < 1 || step > spec_.max - spec_.min + 1) {
        return Error(step_at, "step " + std::string(step_text) +
                                  " is outside 1-" +
                                  std::to_string(spec_.max - spec_.min + 1));
      }
      if (open_ended) hi = spec_.max;
    }
    for (int v = lo; v <= hi; v += step) bits.set(static_cast<std::size_t>(v));
    return OkStatus();
  }

  // A number or (for month/day-of-week) a name, within the field's range.
  Result<int> Value(std::size_t at, std::string_view text) {
    if (text.empty()) return Error(at, "missing value");
    if (spec_.names && std::isalpha(static_cast<unsigned char>(text[0]))) {
      std::string lower(text);
      for (char& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      for (int i = 0; i < spec_.name_count; ++i) {
        if (spec_.names[i] == lower) {
          return spec_.name == "month" ? i + 1 : i;
        }
      }
      return Error(at, "unknown name '" + std::string(text) + "'");
    }
    Result<int> n = Number(at, text);
    if (!n.ok()) return n;
    if (n.value() < spec_.min || n.value() > spec_.max) {
      return Error(at, "value " + std::string(text) + " is outside " +
                           std::to_string(spec_.min) + "-" +
                           std::to_string(spec_.max));
    }
    return n;
  }

  Result<int> Number(std::size_t at, std::string_view text) {
    if (text.size() > 4)
      return Error(at, "number '" + std::string(text) + "' is too long");
    int n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
        return Error(at + i,
                     "unexpected character '" + std::string(1, text[i]) + "'");
      }
      n = n * 10 + (text[i] - '0');
    }
    return n;
  }

  Status Error(std::size_t at, std::string_view problem) {
    return FieldError(spec_, base_ + at, problem);
  }

  const FieldSpec& spec_;
  std::string_view text_;
  std::size_t base_;
};

template <std::size_t N>
std::bitset<N> Narrow(const std::bitset<64>& wide) {
  std::bitset<N> out;
  for (std::size_t i = 0; i < N; ++i) out[i] = wide[i];
  return out;
}

constexpr int kDaysInMonthMax[13] = {0,  31, 29, 31, 30, 31, 30,
                                     31, 31, 30, 31, 30, 31};

}  // namespace

class CronParser {
 public:
  static Result<CronExpression> Parse(std::string_view text) {
    if (text.size() > CronExpression::kMaxLength) {
      return InvalidArgumentError(
          "cron expression is longer than " +
              std::to_string(CronExpression::kMaxLength) + " bytes",
          CronExpression::kMaxLength);
    }
    std::size_t begin = 0, end = text.size();
    while (begin < end && IsBlank(text[begin])) ++begin;
    while (end > begin && IsBlank(text[end - 1])) --end;
    std::string_view body = text.substr(begin, end - begin);
    if (!body.empty() && body[0] == '@') return ParseMacro(body, begin);

    std::array<std::pair<std::size_t, std::size_t>, 5> spans{};
    std::size_t count = 0, i = begin;
    while (i < end) {
      while (i < end && IsBlank(text[i])) ++i;
      if (i == end) break;
      std::size_t start = i;
      while (i < end && !IsBlank(text[i])) ++i;
      if (count == 5) {
        return InvalidArgumentError(
            "cron expression has more than 5 fields (minute hour "
            "day-of-month month day-of-week)",
            start);
      }
      spans[count++] = {start, i};
    }
    if (count < 5) {
      return InvalidArgumentError(
          "cron expression has " + std::to_string(count) +
              " fields, expected 5 (minute hour day-of-month month "
              "day-of-week)",
          end);
    }

    CronExpression expr;
    std::array<std::bitset<64>, 5> bits{};
    for (std::size_t f = 0; f < 5; ++f) {
      auto [start, stop] = spans[f];
      FieldReader reader(kFields[f], text.substr(start, stop - start), start);
      Status s = reader.Read(bits[f]);
      if (!s.ok()) return s;
    }
    if (bits[4][7]) bits[4].set(0);  // 7 is Sunday
    expr.minutes_ = Narrow<60>(bits[0]);
    expr.hours_ = Narrow<24>(bits[1]);
    expr.days_ = Narrow<32>(bits[2]);
    expr.months_ = Narrow<13>(bits[3]);
    expr.weekdays_ = Narrow<7>(bits[4]);
    expr.days_star_ = text[spans[2].first] == '*';
    expr.weekdays_star_ = text[spans[4].first] == '*';

    // Unless both day fields are restricted (then a matching weekday alone
    // fires), some named day must exist in some named month; Feb 29 counts,
    // it exists in leap years.
    bool possible = !expr.weekdays_star_ && !expr.days_star_;
    for (int m = 1; m <= 12 && !possible; ++m) {
      if (!expr.months_[static_cast<std::size_t>(m)]) continue;
      for (int d = 1; d <= kDaysInMonthMax[m] && !possible; ++d) {
        possible = expr.days_[static_cast<std::size_t>(d)];
      }
    }
    if (!possible) {
      return FieldError(kFields[2], spans[2].first,
                        "no named day exists in any named month, so the "
                        "expression never fires");
    }
    return expr;
  }

 private:
  static Result<CronExpression> ParseMacro(std::string_view body,
                                           std::size_t at) {
    std::string lower(body);
    for (char& c : lower) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (const Macro& m : kMacros) {
      if (m.name == lower) return Parse(m.fields);
    }
    return InvalidArgumentError(
        "unknown cron macro '" + std::string(body) +
            "' (known: @yearly, @annually, @monthly, @weekly, @daily, "
            "@midnight, @hourly)",
        at);
  }
};

Result<CronExpression> CronExpression::Parse(std::string_view text) {
  return CronParser::Parse(text);
}

}  // namespace v1
}  // namespace dw
