// A string as a JSON string literal, for the standalone tools that print one JSON object
// (control characters escaped as \u00XX, so an error message from the CUDA runtime stays valid JSON).
#pragma once
#include <cstdio>
#include <string>

namespace tansaku::tools {

inline std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char ch : text) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (static_cast<unsigned char>(ch) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", ch);
      out += escaped;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

}  // namespace tansaku::tools
