// Request parsing and the helpers every runner mode shares.
#include "request.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace tansaku::kbench {

int64_t OutputSpec::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

namespace {
std::vector<int64_t> shape_of(const json::Value& v, const std::string& what) {
  std::vector<int64_t> out;
  for (const auto& d : v.items(what.c_str())) {
    int64_t x = d.integer(what.c_str());
    if (x < 0) throw std::runtime_error(what + ": negative dimension");
    out.push_back(x);
  }
  return out;
}

LaunchSpec launch_of(const json::Value& v, const std::string& what) {
  LaunchSpec l;
  l.kernel = v.at("kernel").string((what + ".kernel").c_str());
  for (int d = 0; d < 3; d++) {
    l.grid[d] = static_cast<unsigned>(v.at("grid").items()[d].integer((what + ".grid").c_str()));
    l.block[d] = static_cast<unsigned>(v.at("block").items()[d].integer((what + ".block").c_str()));
  }
  l.shared_bytes = static_cast<unsigned>(v.at("sharedBytes").integer((what + ".sharedBytes").c_str()));
  for (const auto& a : v.at("args").items((what + ".args").c_str())) {
    LaunchArgSpec arg;
    arg.kind = a.at("kind").string();
    if (arg.kind == "tensor") arg.name = a.at("name").string();
    else if (arg.kind == "i32" || arg.kind == "i64" || arg.kind == "f32" || arg.kind == "f64") arg.value = a.at("value").number();
    else throw std::runtime_error(what + ": unknown argument kind " + arg.kind);
    l.args.push_back(arg);
  }
  return l;
}
}  // namespace

Request parse_request(const json::Value& v) {
  Request r;
  r.mode = v.at("mode").string("mode");
  if (r.mode != "reference-cpu" && r.mode != "check" && r.mode != "time") throw std::runtime_error("mode must be reference-cpu, check or time");
  r.task = v.at("task").string("task");
  r.cpu = v.string_or("cpu", r.task);
  r.task_hash = static_cast<uint32_t>(v.at("taskHash").integer("taskHash"));
  r.seed = static_cast<uint32_t>(v.number_or("seed", 42));
  r.trials = static_cast<int>(v.number_or("trials", 5));
  if (r.trials < 1 || r.trials > 100) throw std::runtime_error("trials must be in 1..100");
  if (const auto* t = v.find("tolerance")) {
    r.tolerance.atol = t->number_or("atol", 1e-4);
    r.tolerance.rtol = t->number_or("rtol", 1e-4);
  }
  r.reference_module = v.string_or("referenceModule", "");
  r.candidate_module = v.string_or("candidateModule", "");
  r.candidate_kind = v.string_or("candidateKind", "cubin");
  r.device = static_cast<int>(v.number_or("device", 0));
  r.peak_bandwidth = v.number_or("peakBandwidth", r.peak_bandwidth);
  r.peak_flops = v.number_or("peakFlops", r.peak_flops);
  r.test_hook = v.string_or("testHook", "");
  if (const auto* t = v.find("timing")) {
    r.timing.warmup_ms = t->number_or("warmupMs", r.timing.warmup_ms);
    r.timing.min_reps = static_cast<int>(t->number_or("minReps", r.timing.min_reps));
    r.timing.min_seconds = t->number_or("minSeconds", r.timing.min_seconds);
    r.timing.max_reps = static_cast<int>(t->number_or("maxReps", r.timing.max_reps));
    r.timing.rotations = std::max(2, static_cast<int>(t->number_or("rotations", r.timing.rotations)));
    r.timing.flush_bytes = static_cast<int64_t>(t->number_or("flushBytes", static_cast<double>(r.timing.flush_bytes)));
  }
  for (const auto& cv : v.at("configs").items("configs")) {
    ConfigSpec c;
    c.id = cv.at("id").string("configs[].id");
    c.index = static_cast<uint32_t>(cv.at("index").integer("configs[].index"));
    if (const auto* h = cv.find("hidden")) c.hidden = h->boolean("hidden");
    for (const auto& [k, x] : cv.at("vars").members("vars")) c.vars[k] = x.integer(("vars." + k).c_str());
    if (const auto* s = cv.find("scalars")) for (const auto& [k, x] : s->members("scalars")) c.scalars[k] = x.number(("scalars." + k).c_str());
    for (const auto& t : cv.at("inputs").items("inputs")) {
      InputSpec in;
      in.name = t.at("name").string("inputs[].name");
      in.dtype = t.at("dtype").string("inputs[].dtype");
      in.shape = shape_of(t.at("shape"), "inputs[].shape");
      in.init = t.string_or("init", "normal");
      in.high = static_cast<int64_t>(t.number_or("high", 0));
      c.inputs.push_back(in);
    }
    for (const auto& t : cv.at("outputs").items("outputs")) {
      OutputSpec out;
      out.name = t.at("name").string("outputs[].name");
      out.dtype = t.string_or("dtype", "f32");
      if (out.dtype != "f32") throw std::runtime_error("outputs[].dtype: only f32 outputs are supported");
      out.shape = shape_of(t.at("shape"), "outputs[].shape");
      c.outputs.push_back(out);
    }
    c.flops = cv.number_or("flops", 0);
    c.bytes = cv.number_or("bytes", 0);
    if (const auto* b = cv.find("cpuReference")) c.cpu_reference = b->boolean("cpuReference");
    if (const auto* l = cv.find("reference")) c.reference = launch_of(*l, c.id + ".reference");
    if (const auto* l = cv.find("candidate")) c.candidate = launch_of(*l, c.id + ".candidate");
    r.configs.push_back(c);
  }
  if (r.configs.empty()) throw std::runtime_error("configs: at least one configuration is needed");
  return r;
}

bool trial_inputs(const Request& r, const ConfigSpec& c, uint32_t trial, uint32_t seed, std::vector<GeneratedTensor>* out, std::string* error) {
  InputKey key;
  key.task_hash = r.task_hash;
  key.config_index = c.index;
  key.trial = trial;
  key.seed = seed;
  return generate_inputs(key, c.inputs, out, error);
}

std::vector<KbenchTensorIn> as_inputs(const std::vector<GeneratedTensor>& tensors) {
  std::vector<KbenchTensorIn> out;
  for (const auto& t : tensors) {
    KbenchTensorIn in;
    in.name = t.name;
    in.shape = t.shape;
    if (!t.f32.empty()) in.f32 = t.f32.data();
    if (!t.i32.empty()) in.i32 = t.i32.data();
    out.push_back(in);
  }
  return out;
}

bool cpu_outputs(const Request& r, const ConfigSpec& c, const std::vector<GeneratedTensor>& inputs, std::vector<KbenchTensorOut>* out, std::string* error) {
  out->clear();
  for (const auto& o : c.outputs) {
    KbenchTensorOut t;
    t.name = o.name;
    t.shape = o.shape;
    out->push_back(t);
  }
  return kbench_cpu_reference(r.cpu, as_inputs(inputs), c.scalars, c.vars, *out, error);
}

std::string checksum_bytes(const void* data, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Comparison compare_output(const float* actual, const double* ref, int64_t n, const Tolerance& tol) {
  Comparison c;
  double diff2 = 0, ref2 = 0;
  for (int64_t i = 0; i < n; i++) {
    double a = actual[i], b = ref[i];
    bool ok;
    if (!std::isfinite(b) || !std::isfinite(a)) ok = (std::isnan(a) && std::isnan(b)) || a == b;  // NaN/Inf parity
    else {
      double d = std::fabs(a - b);
      ok = d <= tol.atol + tol.rtol * std::fabs(b);
      c.max_abs_error = std::max(c.max_abs_error, d);
      diff2 += d * d;
      ref2 += b * b;
    }
    if (!ok) {
      if (c.first_bad < 0) c.first_bad = i;
      c.bad_count++;
      c.within = false;
      if (!std::isfinite(a)) c.max_abs_error = INFINITY;
    }
  }
  c.rel_frobenius = ref2 > 0 ? std::sqrt(diff2 / ref2) : std::sqrt(diff2);
  return c;
}

json::Value run_reference_cpu(const Request& r) {
  json::Value result = json::Value::object();
  result.set("ran", true).set("mode", "reference-cpu").set("task", r.task);
  json::Value configs = json::Value::array();
  bool all_ok = true;
  for (const auto& c : r.configs) {
    json::Value cj = json::Value::object();
    cj.set("id", c.id);
    std::string error;
    std::vector<GeneratedTensor> inputs, other_inputs;
    std::vector<KbenchTensorOut> ref, other;
    if (!trial_inputs(r, c, 0, r.seed, &inputs, &error) || !cpu_outputs(r, c, inputs, &ref, &error) ||
        !trial_inputs(r, c, 0, r.seed + 1, &other_inputs, &error) || !cpu_outputs(r, c, other_inputs, &other, &error)) {
      cj.set("error", error);
      all_ok = false;
      configs.push(cj);
      continue;
    }
    json::Value ins = json::Value::array();
    for (const auto& t : inputs) {
      json::Value tj = json::Value::object();
      tj.set("name", t.name);
      if (!t.f32.empty()) tj.set("checksum", checksum_bytes(t.f32.data(), t.f32.size() * sizeof(float)));
      else tj.set("checksum", checksum_bytes(t.i32.data(), t.i32.size() * sizeof(int32_t)));
      ins.push(tj);
    }
    json::Value outs = json::Value::array();
    for (const auto& o : ref) {
      double sum = 0;
      for (double x : o.data) sum += x;
      json::Value oj = json::Value::object();
      oj.set("name", o.name).set("checksum", checksum_bytes(o.data.data(), o.data.size() * sizeof(double))).set("sum", sum).set("count", static_cast<int64_t>(o.data.size()));
      outs.push(oj);
    }
    auto failures = trivial_output_failures(as_inputs(inputs), ref, other, r.tolerance);
    json::Value trivial = json::Value::object();
    json::Value fl = json::Value::array();
    for (const auto& f : failures) fl.push(f);
    trivial.set("passed", failures.empty()).set("failures", fl);
    if (!failures.empty()) all_ok = false;
    cj.set("inputs", ins).set("outputs", outs).set("trivial", trivial);
    configs.push(cj);
  }
  result.set("configs", configs).set("ok", all_ok);
  return result;
}

}  // namespace tansaku::kbench
