// A small JSON value with a strict parser and a compact writer, for the kbench runner's request
// and result files (no third-party code; numbers are doubles, which covers every field we use).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tansaku::kbench::json {

class Value {
 public:
  enum class Kind { Null, Bool, Number, String, Array, Object };

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : kind_(Kind::Bool), bool_(b) {}
  Value(double n) : kind_(Kind::Number), number_(n) {}
  Value(int n) : kind_(Kind::Number), number_(n) {}
  Value(int64_t n) : kind_(Kind::Number), number_(static_cast<double>(n)) {}
  Value(uint64_t n) : kind_(Kind::Number), number_(static_cast<double>(n)) {}
  Value(const char* s) : kind_(Kind::String), string_(s) {}
  Value(std::string s) : kind_(Kind::String), string_(std::move(s)) {}

  static Value array() { Value v; v.kind_ = Kind::Array; return v; }
  static Value object() { Value v; v.kind_ = Kind::Object; return v; }

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool is_object() const { return kind_ == Kind::Object; }
  bool is_array() const { return kind_ == Kind::Array; }
  bool is_number() const { return kind_ == Kind::Number; }
  bool is_string() const { return kind_ == Kind::String; }

  /** Typed access; throws std::runtime_error naming `what` on a kind mismatch. */
  double number(const char* what = "value") const;
  int64_t integer(const char* what = "value") const;
  bool boolean(const char* what = "value") const;
  const std::string& string(const char* what = "value") const;
  const std::vector<Value>& items(const char* what = "value") const;
  const std::map<std::string, Value>& members(const char* what = "value") const;

  /** Object member; throws when missing. */
  const Value& at(const std::string& key) const;
  /** Object member or nullptr. */
  const Value* find(const std::string& key) const;
  bool has(const std::string& key) const { return find(key) != nullptr; }
  double number_or(const std::string& key, double fallback) const;
  std::string string_or(const std::string& key, const std::string& fallback) const;

  /** Building. */
  Value& set(const std::string& key, Value v);
  Value& push(Value v);

  std::string dump() const;

 private:
  void dump_to(std::string& out) const;
  Kind kind_ = Kind::Null;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::vector<Value> array_;
  std::map<std::string, Value> object_;
};

/** Parses a complete JSON text; throws std::runtime_error with the byte offset on bad input. */
Value parse(const std::string& text);

}  // namespace tansaku::kbench::json
