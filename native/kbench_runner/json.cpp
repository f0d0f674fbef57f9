// The kbench runner's JSON: a recursive-descent parser (depth-limited) and a writer that emits
// non-finite numbers as null (JSON has no NaN) and 17 significant digits for finite ones.
#include "json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace tansaku::kbench::json {

namespace {
[[noreturn]] void kind_error(const char* what, const char* expected) {
  throw std::runtime_error(std::string(what) + ": expected " + expected);
}

class Parser {
 public:
  explicit Parser(const std::string& s) : s_(s) {}

  Value document() {
    Value v = value(0);
    skip();
    if (i_ != s_.size()) fail("trailing characters");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error("JSON: " + why + " at byte " + std::to_string(i_));
  }
  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) i_++;
  }
  bool eat(char c) {
    skip();
    if (i_ < s_.size() && s_[i_] == c) { i_++; return true; }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
  }
  bool literal(const char* word) {
    size_t n = std::char_traits<char>::length(word);
    if (s_.compare(i_, n, word) == 0) { i_ += n; return true; }
    return false;
  }

  Value value(int depth) {
    if (depth > 64) fail("nesting deeper than 64");
    skip();
    if (i_ >= s_.size()) fail("unexpected end");
    char c = s_[i_];
    if (c == '{') {
      i_++;
      Value obj = Value::object();
      if (eat('}')) return obj;
      do {
        skip();
        std::string key = str();
        expect(':');
        obj.set(key, value(depth + 1));
      } while (eat(','));
      expect('}');
      return obj;
    }
    if (c == '[') {
      i_++;
      Value arr = Value::array();
      if (eat(']')) return arr;
      do arr.push(value(depth + 1));
      while (eat(','));
      expect(']');
      return arr;
    }
    if (c == '"') return Value(str());
    if (literal("true")) return Value(true);
    if (literal("false")) return Value(false);
    if (literal("null")) return Value();
    return Value(num());
  }

  double num() {
    size_t start = i_;
    if (i_ < s_.size() && (s_[i_] == '-' || s_[i_] == '+')) i_++;
    while (i_ < s_.size() && (isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E' || s_[i_] == '-' || s_[i_] == '+')) i_++;
    if (start == i_) fail("unexpected character");
    std::string text = s_.substr(start, i_ - start);
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) fail("bad number '" + text + "'");
    return v;
  }

  std::string str() {
    if (i_ >= s_.size() || s_[i_] != '"') fail("expected a string");
    i_++;
    std::string out;
    while (true) {
      if (i_ >= s_.size()) fail("unterminated string");
      char c = s_[i_++];
      if (c == '"') return out;
      if (c != '\\') { out += c; continue; }
      if (i_ >= s_.size()) fail("unterminated escape");
      char e = s_[i_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          if (i_ + 4 > s_.size()) fail("short \\u escape");
          unsigned code = static_cast<unsigned>(std::stoul(s_.substr(i_, 4), nullptr, 16));
          i_ += 4;
          // Basic multilingual plane only (the runner's files are ASCII); encode as UTF-8.
          if (code < 0x80) out += static_cast<char>(code);
          else if (code < 0x800) { out += static_cast<char>(0xC0 | (code >> 6)); out += static_cast<char>(0x80 | (code & 0x3F)); }
          else { out += static_cast<char>(0xE0 | (code >> 12)); out += static_cast<char>(0x80 | ((code >> 6) & 0x3F)); out += static_cast<char>(0x80 | (code & 0x3F)); }
          break;
        }
        default: fail("bad escape");
      }
    }
  }

  const std::string& s_;
  size_t i_ = 0;
};

void dump_string(const std::string& s, std::string& out) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20) { char buf[8]; std::snprintf(buf, sizeof buf, "\\u%04x", c); out += buf; }
    else out += static_cast<char>(c);
  }
  out += '"';
}
}  // namespace

double Value::number(const char* what) const { if (kind_ != Kind::Number) kind_error(what, "a number"); return number_; }
int64_t Value::integer(const char* what) const {
  double v = number(what);
  if (v != std::floor(v) || std::fabs(v) > 9.007199254740992e15) kind_error(what, "an integer");
  return static_cast<int64_t>(v);
}
bool Value::boolean(const char* what) const { if (kind_ != Kind::Bool) kind_error(what, "a boolean"); return bool_; }
const std::string& Value::string(const char* what) const { if (kind_ != Kind::String) kind_error(what, "a string"); return string_; }
const std::vector<Value>& Value::items(const char* what) const { if (kind_ != Kind::Array) kind_error(what, "an array"); return array_; }
const std::map<std::string, Value>& Value::members(const char* what) const { if (kind_ != Kind::Object) kind_error(what, "an object"); return object_; }

const Value* Value::find(const std::string& key) const {
  if (kind_ != Kind::Object) return nullptr;
  auto it = object_.find(key);
  return it == object_.end() ? nullptr : &it->second;
}
const Value& Value::at(const std::string& key) const {
  const Value* v = find(key);
  if (!v) throw std::runtime_error("missing field \"" + key + "\"");
  return *v;
}
double Value::number_or(const std::string& key, double fallback) const {
  const Value* v = find(key);
  return v && v->is_number() ? v->number_ : fallback;
}
std::string Value::string_or(const std::string& key, const std::string& fallback) const {
  const Value* v = find(key);
  return v && v->is_string() ? v->string_ : fallback;
}

Value& Value::set(const std::string& key, Value v) {
  if (kind_ != Kind::Object) { kind_ = Kind::Object; object_.clear(); }
  object_[key] = std::move(v);
  return *this;
}
Value& Value::push(Value v) {
  if (kind_ != Kind::Array) { kind_ = Kind::Array; array_.clear(); }
  array_.push_back(std::move(v));
  return *this;
}

void Value::dump_to(std::string& out) const {
  switch (kind_) {
    case Kind::Null: out += "null"; break;
    case Kind::Bool: out += bool_ ? "true" : "false"; break;
    case Kind::Number: {
      if (!std::isfinite(number_)) { out += "null"; break; }
      char buf[32];
      if (number_ == std::floor(number_) && std::fabs(number_) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", number_);
      else std::snprintf(buf, sizeof buf, "%.17g", number_);
      out += buf;
      break;
    }
    case Kind::String: dump_string(string_, out); break;
    case Kind::Array: {
      out += '[';
      for (size_t i = 0; i < array_.size(); i++) { if (i) out += ','; array_[i].dump_to(out); }
      out += ']';
      break;
    }
    case Kind::Object: {
      out += '{';
      bool first = true;
      for (const auto& [k, v] : object_) { if (!first) out += ','; first = false; dump_string(k, out); out += ':'; v.dump_to(out); }
      out += '}';
      break;
    }
  }
}

std::string Value::dump() const { std::string out; dump_to(out); return out; }

Value parse(const std::string& text) { return Parser(text).document(); }

}  // namespace tansaku::kbench::json
