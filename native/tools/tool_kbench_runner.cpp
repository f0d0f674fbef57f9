// tansaku-kbench-runner REQUEST.json [--out FILE]: the standalone kbench kernel runner. It runs in
// a child process per candidate and stage (spec §7H), so a hang, a crash or a sticky CUDA error
// only costs this process: the caller treats a missing result as a failed kernel. Modes:
//   reference-cpu  inputs (Philox) + CPU fp64 reference + trivial-output test, checksums; no GPU
//   check          correctness on the device (poison, guards, input checksums, determinism)
//   time           timing on the device (events, L2 flush, rotated inputs, ABAB with the reference)
// Exit 0 whenever a result was written (even "incorrect"); 2 for a bad request.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "json.h"
#include "request.h"

using namespace tansaku::kbench;

namespace {
int usage(const char* why) {
  std::fprintf(stderr, "tansaku-kbench-runner: %s\nusage: tansaku-kbench-runner REQUEST.json [--out FILE]\n", why);
  return 2;
}

bool write_result(const json::Value& v, const std::string& out_path) {
  std::string text = v.dump() + "\n";
  if (out_path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0;
  }
  // Write then rename, so a crash never leaves a half-written result that parses.
  std::string tmp = out_path + ".partial";
  {
    std::ofstream f(tmp, std::ios::binary);
    if (!f) return false;
    f << text;
    if (!f) return false;
  }
  return std::rename(tmp.c_str(), out_path.c_str()) == 0;
}
}  // namespace

int main(int argc, char** argv) {
  std::string request_path, out_path;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--out") == 0 && i + 1 < argc) out_path = argv[++i];
    else if (request_path.empty()) request_path = argv[i];
    else return usage("too many arguments");
  }
  if (request_path.empty()) return usage("missing REQUEST.json");
  std::ifstream f(request_path, std::ios::binary);
  if (!f) return usage(("cannot read " + request_path).c_str());
  std::stringstream buf;
  buf << f.rdbuf();
  Request request;
  try {
    request = parse_request(json::parse(buf.str()));
  } catch (const std::exception& e) {
    return usage((std::string("bad request: ") + e.what()).c_str());
  }
  // Test hooks: stand-ins for a hanging and a crashing candidate (the harness tests use them).
  if (request.test_hook == "sleep") {
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(60));
  }
  if (request.test_hook == "crash") std::raise(SIGSEGV);

  json::Value result;
  try {
    result = request.mode == "reference-cpu" ? run_reference_cpu(request) : run_gpu(request);
  } catch (const std::exception& e) {
    result = json::Value::object();
    result.set("ran", false).set("mode", request.mode).set("error", e.what());
  }
  if (!write_result(result, out_path)) {
    std::fprintf(stderr, "tansaku-kbench-runner: cannot write the result\n");
    return 1;
  }
  return 0;
}
