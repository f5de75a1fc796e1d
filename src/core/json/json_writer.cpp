// File: src/core/json/json_writer.cpp
#include "driftwise/json_writer.hpp"

#include <charconv>
#include <cmath>

namespace dw {
inline namespace v1 {

void JsonWriter::Newline() {
  if (indent_ <= 0) return;
  out_->push_back('\n');
  out_->append(stack_.size() * static_cast<std::size_t>(indent_), ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  if (stack_.back().has_items) out_->push_back(',');
  stack_.back().has_items = true;
  Newline();
}

void JsonWriter::Open(char c) {
  BeforeValue();
  out_->push_back(c);
  stack_.push_back(Level{});
}

void JsonWriter::Close(char c) {
  bool had_items = !stack_.empty() && stack_.back().has_items;
  if (!stack_.empty()) stack_.pop_back();
  if (had_items) Newline();
  out_->push_back(c);
}

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendJsonString(*out_, key);
  out_->append(indent_ > 0 ? ": " : ":");
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  AppendJsonString(*out_, s);
}

void JsonWriter::Int(std::int64_t v) {
  BeforeValue();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_->append(buf, r.ptr);
}

void JsonWriter::Uint(std::uint64_t v) {
  BeforeValue();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_->append(buf, r.ptr);
}

void JsonWriter::Double(double v) {
  BeforeValue();
  if (!std::isfinite(v)) {
    out_->append("null");
    return;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_->append(buf, r.ptr);
}

void JsonWriter::Bool(bool v) {
  BeforeValue();
  out_->append(v ? "true" : "false");
}

void JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
}

void JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_->append(json);
}

void JsonWriter::Value(const JsonValue& v) {
  if (indent_ <= 0 || !v.is_container() || v.empty()) {
    BeforeValue();
    v.AppendJson(*out_);
    return;
  }
  if (v.is_array()) {
    BeginArray();
    for (JsonValue e : v.elements()) Value(e);
    EndArray();
  } else {
    BeginObject();
    for (JsonMember m : v.members()) {
      Key(m.key);
      Value(m.value);
    }
    EndObject();
  }
}

void JsonWriter::StringArray(const std::vector<std::string>& items) {
  BeginArray();
  for (const std::string& s : items) String(s);
  EndArray();
}

}  // namespace v1
}  // namespace dw
