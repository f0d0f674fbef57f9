#!/usr/bin/env python3
"""Optional PyTorch eager baseline for the kbench tasks (issue 6, GPU section).

Times the PyTorch eager version of every kbench task on the same card and with the same shapes
as the harness: each task's visible configurations (single, then multi) expanded as
input x init x shared with the shared dictionary merged last, the way lib/kbench/configs.ts does.

Usage:
  python3 bench/kbench_torch_baseline.py OUT.json [--tasks DIR] [--reps N] [--warmup N]
  python3 bench/kbench_torch_baseline.py --list            # task names covered (no torch needed)
  python3 bench/kbench_torch_baseline.py --check-coverage  # exit 1 naming tasks without a mapping
  python3 bench/kbench_torch_baseline.py --configs         # the expanded configurations, as JSON
  python3 bench/kbench_torch_baseline.py --verify-small REFS.json  # mappings vs CPU references (CPU torch)

Without torch or without a CUDA device it prints one line, writes {"skipped": reason} and exits 0:
the baseline is optional and must never fail a GPU run.

Timing: CUDA events around each repetition; before each one, outside the events, a 256 MB memset
flushes the L2 so every repetition starts cold (as the harness does). TF32 is disabled for matmul
and cuDNN because every task asks for full fp32 precision.
"""
import argparse
import json
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TASKS = os.path.join(HERE, "..", "lib", "kbench", "tasks")


# ---------------------------------------------------------------------------------------------
# Shape expressions: integers, names, + - * / % and parentheses, ceil_div/min/max. Parsed here by
# a small recursive-descent parser (never eval): "/" truncates between integers as in expr.ts.

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/%(),]))")
_FUNCTIONS = {
    "ceil_div": lambda a, b: -((-a) // b) if isinstance(a, int) and isinstance(b, int) else math.ceil(a / b),
    "min": min,
    "max": max,
}


def _tokenize(src):
    tokens, pos = [], 0
    while pos < len(src):
        if src[pos:].strip() == "":
            break
        m = _TOKEN.match(src, pos)
        if not m:
            raise ValueError(f'expression "{src}": unexpected character at {pos}')
        if m.group(1) is not None:
            text = m.group(1)
            tokens.append(("num", float(text) if re.search(r"[.eE]", text) else int(text)))
        elif m.group(2) is not None:
            tokens.append(("name", m.group(2)))
        else:
            tokens.append(("op", m.group(3)))
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, src, env):
        self.src, self.env, self.tokens, self.i = src, env, _tokenize(src), 0

    def parse(self):
        if not self.tokens:
            raise ValueError(f'expression "{self.src}" is empty')
        v = self._sum()
        if self.i < len(self.tokens):
            raise ValueError(f'expression "{self.src}": unexpected "{self.tokens[self.i][1]}"')
        return v

    def _op(self, *ops):
        t = self.tokens[self.i] if self.i < len(self.tokens) else None
        return t[1] if t and t[0] == "op" and t[1] in ops else None

    def _expect(self, op):
        if not self._op(op):
            raise ValueError(f'expression "{self.src}": expected "{op}"')
        self.i += 1

    def _sum(self):
        v = self._product()
        while (op := self._op("+", "-")) is not None:
            self.i += 1
            r = self._product()
            v = v + r if op == "+" else v - r
        return v

    def _product(self):
        v = self._unary()
        while (op := self._op("*", "/", "%")) is not None:
            self.i += 1
            r = self._unary()
            if op == "*":
                v = v * r
                continue
            if r == 0:
                raise ValueError(f'expression "{self.src}": division by zero')
            if op == "%":
                v = math.fmod(v, r) if not (isinstance(v, int) and isinstance(r, int)) else v - r * ((abs(v) // abs(r)) * (1 if (v < 0) == (r < 0) else -1))
            elif isinstance(v, int) and isinstance(r, int):
                v = (abs(v) // abs(r)) * (1 if (v < 0) == (r < 0) else -1)  # truncates, as C does
            else:
                v = v / r
        return v

    def _unary(self):
        if self._op("-"):
            self.i += 1
            return -self._unary()
        if self._op("+"):
            self.i += 1
            return self._unary()
        return self._atom()

    def _atom(self):
        if self.i >= len(self.tokens):
            raise ValueError(f'expression "{self.src}" ends too early')
        kind, value = self.tokens[self.i]
        self.i += 1
        if kind == "num":
            return value
        if kind == "op":
            if value != "(":
                raise ValueError(f'expression "{self.src}": unexpected "{value}"')
            v = self._sum()
            self._expect(")")
            return v
        if value in _FUNCTIONS and self._op("("):
            self.i += 1
            a = self._sum()
            self._expect(",")
            b = self._sum()
            self._expect(")")
            return _FUNCTIONS[value](a, b)
        if value not in self.env:
            raise ValueError(f'expression "{self.src}": unknown name "{value}"')
        return self.env[value]


def eval_expr(expr, env):
    """Evaluates a manifest expression (string or number) against a configuration's variables."""
    if isinstance(expr, bool) or not isinstance(expr, (int, float, str)):
        raise ValueError(f"expression must be a string or number, got {expr!r}")
    if isinstance(expr, (int, float)):
        return expr
    return _Parser(expr, env).parse()


# ---------------------------------------------------------------------------------------------
# Tasks and their visible configurations.

def load_tasks(tasks_dir):
    tasks = []
    for name in sorted(os.listdir(tasks_dir)):
        path = os.path.join(tasks_dir, name, "task.json")
        if os.path.isfile(path):
            with open(path, encoding="utf8") as f:
                tasks.append(json.load(f))
    return tasks


def _cross(group):
    inits = group.get("init") or [{}]
    shareds = group.get("shared") or [{}]
    return [{**i, **n, **s} for i in group["input"] for n in inits for s in shareds]


def visible_configs(task):
    """[(id, dict)] for single then multi, as configDicts() in lib/kbench/configs.ts."""
    out = [(f"single-{i}", d) for i, d in enumerate(_cross(task["configs"]["single"]))]
    if task["configs"].get("multi"):
        out += [(f"multi-{i}", d) for i, d in enumerate(_cross(task["configs"]["multi"]))]
    return out


def resolve(task, cfg):
    """Shape variables, scalar values (a config key overrides a scalar), inputs and output shapes."""
    variables, inits = {}, {}
    for key, value in cfg.items():
        if key.endswith(".init"):
            inits[key[: -len(".init")]] = value
        elif isinstance(value, int) and not isinstance(value, bool):
            variables[key] = value
        else:
            raise ValueError(f'config key "{key}" must be an integer')
    scalars = {s["name"]: variables.get(s["name"], s["value"]) for s in task.get("scalars", [])}
    env = {**scalars, **variables}

    def shape(t):
        dims = [eval_expr(e, env) for e in t["shape"]]
        for e, n in zip(t["shape"], dims):
            if not isinstance(n, int) or n <= 0:
                raise ValueError(f'{t["name"]} shape "{e}" gives {n}')
        return dims

    inputs = [
        {"name": t["name"], "dtype": t["dtype"], "shape": shape(t), "init": inits.get(t["name"], t.get("init", "normal"))}
        for t in task["inputs"]
    ]
    outputs = [{"name": t["name"], "shape": shape(t)} for t in task["outputs"]]
    return env, inputs, outputs


def describe(cfg):
    return ",".join(f"{k}={v}" for k, v in cfg.items())


# ---------------------------------------------------------------------------------------------
# The PyTorch eager version of each task. Each takes (t, s): the input tensors and the
# configuration variables (shape keys and scalars) by name, and returns the outputs in the
# manifest's order. The semantics follow each task's description and its CPU reference
# (native/core/kbench_reference_*.cpp). Int32 targets are made int64 once, before timing, since
# torch's losses index with int64.

def _ops(torch):
    F = torch.nn.functional

    def exclusive_cumsum(x):
        return F.pad(torch.cumsum(x[:, :-1], 1), (1, 0))

    def reverse_cumsum(x):
        return torch.flip(torch.cumsum(torch.flip(x, [1]), 1), [1])

    def cross_entropy_bwd(t, s):
        logits, target, dloss = t["logits"], t["target"], t["dloss"]
        g = torch.softmax(logits, 1)
        g[torch.arange(logits.shape[0], device=logits.device), target] -= 1
        return g * (dloss / logits.shape[0])

    def layernorm_bwd(t, s):
        dy, x, w = t["dy"], t["x"], t["w"]
        dims = (1, 2, 3)
        var, mean = torch.var_mean(x, dims, unbiased=False, keepdim=True)
        rstd = torch.rsqrt(var + s["eps"])
        xhat = (x - mean) * rstd
        g = dy * w
        dx = rstd * (g - g.mean(dims, keepdim=True) - xhat * (g * xhat).mean(dims, keepdim=True))
        return dx, (dy * xhat).sum(0), dy.sum(0)

    def linear_relu_bwd(t, s):
        dy, x, w, b = t["dy"], t["x"], t["w"], t["b"]
        g = dy * (torch.addmm(b, x, w.t()) > 0)
        return g @ w, g.t() @ x, g.sum(0)

    def maxpool2d_bwd(t, s):
        x, dy = t["x"], t["dy"]
        _, idx = F.max_pool2d(x, 2, 2, return_indices=True)
        return F.max_unpool2d(dy, idx, 2, 2, output_size=x.shape[-2:])

    def resnet_block(t, s):
        x, eps = t["x"], s["eps"]
        h = F.relu(F.batch_norm(F.conv2d(x, t["w1"], None, 1, 1), t["m1"], t["v1"], t["g1"], t["b1"], False, 0.0, eps))
        z = F.batch_norm(F.conv2d(h, t["w2"], None, 1, 1), t["m2"], t["v2"], t["g2"], t["b2"], False, 0.0, eps)
        return F.relu(z + x)

    def rmsnorm(t, s):
        x = t["x"]
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + s["eps"]) * t["w"]

    return {
        "argmax_dim1": lambda t, s: torch.argmax(t["x"], 1),
        "argmin_dim1": lambda t, s: torch.argmin(t["x"], 1),
        "avgpool1d": lambda t, s: F.avg_pool1d(t["x"], s["K"], s["S"], s["P"], count_include_pad=True),
        "avgpool2d": lambda t, s: F.avg_pool2d(t["x"], s["K"], s["S"], s["P"], count_include_pad=True),
        "batchnorm": lambda t, s: F.batch_norm(t["x"], None, None, t["gamma"], t["beta"], True, 0.0, s["eps"]),
        "conv1d": lambda t, s: F.conv1d(t["x"], t["w"], None, s["S"], s["P"], s["DIL"]),
        "conv2d": lambda t, s: F.conv2d(t["x"], t["w"], None, s["S"], s["P"]),
        "conv_relu_pool": lambda t, s: F.max_pool2d(F.relu(F.conv2d(t["x"], t["w"], t["b"])), 2, 2),
        "conv_transpose2d": lambda t, s: F.conv_transpose2d(t["x"], t["w"], None, s["S"], s["P"], s["OP"]),
        "cosine_loss": lambda t, s: (1 - F.cosine_similarity(t["pred"], t["target"], 1, 1e-8)).mean().reshape(1),
        "cross_entropy_bwd": cross_entropy_bwd,
        "cross_entropy_fwd": lambda t, s: F.cross_entropy(t["logits"], t["target"]).reshape(1),
        "cumprod": lambda t, s: torch.cumprod(t["x"], 1),
        "cumsum": lambda t, s: torch.cumsum(t["x"], 1),
        "cumsum_exclusive": lambda t, s: exclusive_cumsum(t["x"]),
        "cumsum_reverse": lambda t, s: reverse_cumsum(t["x"]),
        "depthwise_conv2d": lambda t, s: F.conv2d(t["x"], t["w"], None, s["S"], s["P"], 1, s["C"]),
        "diag_matmul": lambda t, s: t["d"].unsqueeze(1) * t["b"],
        "elu": lambda t, s: F.elu(t["x"], s["alpha"]),
        "gelu": lambda t, s: F.gelu(t["x"]),
        "gemv": lambda t, s: torch.mv(t["a"], t["x"]),
        "groupnorm": lambda t, s: F.group_norm(t["x"], s["G"], t["gamma"], t["beta"], s["eps"]),
        "hinge_loss": lambda t, s: torch.clamp(1 - t["pred"] * (2 * t["target"] - 1), min=0).mean().reshape(1),
        "huber_loss": lambda t, s: F.smooth_l1_loss(t["pred"], t["target"], beta=1.0).reshape(1),
        "instancenorm": lambda t, s: F.instance_norm(t["x"], eps=s["eps"]),
        "kl_div_loss": lambda t, s: F.kl_div(
            F.log_softmax(t["pred"], 1), F.log_softmax(t["target"], 1), reduction="batchmean", log_target=True
        ).reshape(1),
        "l2norm": lambda t, s: t["x"] / torch.linalg.vector_norm(t["x"], 2, 1, keepdim=True),
        "layernorm_bwd": layernorm_bwd,
        "layernorm_fwd": lambda t, s: F.layer_norm(t["x"], t["x"].shape[1:], t["w"], t["b"], s["eps"]),
        "leaky_relu": lambda t, s: F.leaky_relu(t["x"], s["negative_slope"]),
        "linear_bwd": lambda t, s: (t["dy"] @ t["w"], t["dy"].t() @ t["x"], t["dy"].sum(0)),
        "linear_fwd": lambda t, s: F.linear(t["x"], t["w"], t["b"]),
        "linear_relu_bwd": linear_relu_bwd,
        "linear_relu_fwd": lambda t, s: F.relu(F.linear(t["x"], t["w"], t["b"])),
        "llama_ffw": lambda t, s: F.linear(F.silu(F.linear(t["x"], t["wg"])) * F.linear(t["x"], t["wu"]), t["wd"]),
        "log_softmax": lambda t, s: torch.log_softmax(t["x"], 1),
        "matmul_batched": lambda t, s: torch.bmm(t["a"], t["b"]),
        "matmul_rect": lambda t, s: torch.mm(t["a"], t["b"]),
        "matmul_square": lambda t, s: torch.mm(t["a"], t["b"]),
        "max_dim1": lambda t, s: torch.amax(t["x"], 1),
        "maxpool1d": lambda t, s: F.max_pool1d(t["x"], s["K"], s["S"], s["P"], s["DIL"]),
        "maxpool2d": lambda t, s: F.max_pool2d(t["x"], s["K"], s["S"], s["P"], s["DIL"]),
        "maxpool2d_bwd": maxpool2d_bwd,
        "mean_dim1": lambda t, s: torch.mean(t["x"], 1, keepdim=True),
        "mse_loss": lambda t, s: F.mse_loss(t["pred"], t["target"]).reshape(1),
        "new_gelu": lambda t, s: F.gelu(t["x"], approximate="tanh"),
        "relu": lambda t, s: F.relu(t["x"]),
        "resnet_block": resnet_block,
        "rmsnorm": rmsnorm,
        "selu": lambda t, s: F.selu(t["x"]),
        "sigmoid": lambda t, s: torch.sigmoid(t["x"]),
        "softmax": lambda t, s: torch.softmax(t["x"], 1),
        "softplus": lambda t, s: F.softplus(t["x"], 1, 20),
        "sum_dim1": lambda t, s: torch.sum(t["x"], 1, keepdim=True),
        "tanh": lambda t, s: torch.tanh(t["x"]),
        "triplet_loss": lambda t, s: F.triplet_margin_loss(
            t["anchor"], t["positive"], t["negative"], margin=s["margin"], p=2, eps=s["eps"]
        ).reshape(1),
    }


class _NoTorch:
    """Stands in for torch so that --list and --check-coverage read the mapping's names offline."""

    def __getattr__(self, name):
        return self


COVERED = sorted(_ops(_NoTorch()).keys())


# ---------------------------------------------------------------------------------------------
# Inputs drawn as the manifest's init names describe (README.md of the tasks); values matter
# little for timing but keep e.g. cumprod's positive inputs and the int targets in range.

def make_input(torch, spec, env, device, gen):
    shape, init = spec["shape"], spec["init"]
    kw = {"device": device, "generator": gen}
    if init.startswith("randint:"):
        return torch.randint(0, env[init[len("randint:"):]], shape, dtype=torch.int64, **kw)
    fan_in = math.prod(shape[1:]) if len(shape) > 1 else shape[0]
    fan_out = shape[0] * (math.prod(shape[2:]) if len(shape) > 2 else 1)
    if init == "uniform":
        return torch.rand(shape, **kw)
    if init == "kaiming_uniform":
        bound = 1 / math.sqrt(fan_in)
        return (torch.rand(shape, **kw) * 2 - 1) * bound
    if init == "xavier_normal":
        return torch.randn(shape, **kw) * math.sqrt(2 / (fan_in + fan_out))
    if init == "ones":
        return torch.ones(shape, device=device)
    if init == "zeros":
        return torch.zeros(shape, device=device)
    if init == "bias":
        return torch.randn(shape, **kw) * 0.1
    if init == "large":
        return torch.randn(shape, **kw) * 100
    if init == "negative":
        return -torch.rand(shape, **kw) - 0.5
    if init == "ties":
        return torch.randint(-2, 2, shape, **kw).float()
    if init == "positive":
        return torch.rand(shape, **kw) + 0.5
    if init == "sparse":
        x = torch.randn(shape, **kw)
        return x * (torch.rand(shape, **kw) < 0.5)
    if init == "row_scaled":
        x = torch.randn(shape, **kw)
        rows = torch.arange(shape[0], device=device).remainder(7).sub(3).float()
        return x * torch.pow(10.0, rows).reshape([shape[0]] + [1] * (len(shape) - 1))
    return torch.randn(shape, **kw)  # "normal" and anything new


def _as_tuple(y):
    return y if isinstance(y, tuple) else (y,)


def time_op(torch, fn, reps, warmup, device):
    """Median and interquartile range in ms of fn(), L2 flushed before each repetition."""
    for _ in range(warmup):
        fn()
    flush = torch.empty(256 * 1024 * 1024, dtype=torch.uint8, device=device)
    starts = [torch.cuda.Event(enable_timing=True) for _ in range(reps)]
    ends = [torch.cuda.Event(enable_timing=True) for _ in range(reps)]
    for i in range(reps):
        flush.zero_()  # outside the events: evicts the inputs from L2
        starts[i].record()
        fn()
        ends[i].record()
    torch.cuda.synchronize()
    times = sorted(s.elapsed_time(e) for s, e in zip(starts, ends))
    del flush

    def quantile(q):
        pos = q * (len(times) - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, len(times) - 1)
        return times[lo] + (times[hi] - times[lo]) * (pos - lo)

    return quantile(0.5), quantile(0.75) - quantile(0.25)


def run_task(torch, task, op, args, device):
    results = []
    for config_id, cfg in visible_configs(task):
        entry = {"name": task["name"], "config": describe(cfg), "config_id": config_id}
        try:
            env, inputs, outputs = resolve(task, cfg)
            gen = torch.Generator(device=device)
            gen.manual_seed(args.seed)
            tensors = {spec["name"]: make_input(torch, spec, env, device, gen) for spec in inputs}
            with torch.no_grad():
                got = _as_tuple(op(tensors, env))
                want = [o["shape"] for o in outputs]
                shapes = [list(y.shape) for y in got]
                if shapes != want:
                    raise ValueError(f"torch output shapes {shapes} differ from the task's {want}")
                median, iqr = time_op(torch, lambda: op(tensors, env), args.reps, args.warmup, device)
            entry.update({"median_ms": median, "iqr_ms": iqr})
        except Exception as e:  # one bad configuration must not lose the others
            entry = {"name": task["name"], "config": describe(cfg), "config_id": config_id, "skipped": f"{type(e).__name__}: {e}"}
        results.append(entry)
        if device == "cuda":
            torch.cuda.empty_cache()
    return results


def verify_small(torch, tasks, refs_path):
    """Compares each mapping, on the CPU, with the task's fp64 CPU reference on its small config.

    refs_path holds {task: {"inputs": {name: flat list}, "outputs": {name: flat list}}}, as
    test/kbench/torch-baseline.test.ts writes it from the native addon. Returns the mismatches.
    """
    with open(refs_path, encoding="utf8") as f:
        refs = json.load(f)
    ops, problems = _ops(torch), []
    for task in tasks:
        name = task["name"]
        if name not in refs or name not in ops:
            continue
        env, inputs, outputs = resolve(task, task["smallConfig"])
        tensors = {
            spec["name"]: torch.tensor(refs[name]["inputs"][spec["name"]], dtype=torch.int64 if spec["dtype"] == "i32" else torch.float32).reshape(spec["shape"])
            for spec in inputs
        }
        tol = task.get("tolerance", {"atol": 1e-4, "rtol": 1e-4})
        try:
            got = _as_tuple(ops[name](tensors, env))
        except Exception as e:
            problems.append(f"{name}: {type(e).__name__}: {e}")
            continue
        for spec, y in zip(outputs, got):
            want = torch.tensor(refs[name]["outputs"][spec["name"]], dtype=torch.float64).reshape(spec["shape"])
            if list(y.shape) != spec["shape"]:
                problems.append(f"{name}.{spec['name']}: shape {list(y.shape)}, want {spec['shape']}")
                continue
            err = (y.double() - want).abs()
            if bool((err > tol["atol"] + tol["rtol"] * want.abs()).any()):
                problems.append(f"{name}.{spec['name']}: max abs error {float(err.max()):.3g}")
    return problems


def write_json(path, obj):
    """Writes through a temporary file and a rename, so a kill never leaves half a JSON file."""
    if path:
        tmp = f"{path}.tmp"
        with open(tmp, "w", encoding="utf8") as f:
            json.dump(obj, f, indent=2)
            f.write("\n")
        os.replace(tmp, path)


def main(argv):
    parser = argparse.ArgumentParser(description="PyTorch eager baseline of the kbench tasks")
    parser.add_argument("out", nargs="?", help="where to write the JSON result")
    parser.add_argument("--tasks", default=DEFAULT_TASKS, help="the kbench tasks folder")
    parser.add_argument("--only", default="", help="comma-separated task names to time")
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--list", action="store_true", help="print the task names covered and exit")
    parser.add_argument("--check-coverage", action="store_true", help="exit 1 naming tasks with no torch mapping")
    parser.add_argument("--configs", action="store_true", help="print the expanded configurations as JSON and exit")
    parser.add_argument("--verify-small", metavar="REFS_JSON", help="compare the mappings with CPU references (needs torch, not CUDA)")
    args = parser.parse_args(argv)

    if args.list:
        print("\n".join(COVERED))
        return 0
    if not os.path.isdir(args.tasks):
        print(f"kbench torch baseline: no tasks folder at {args.tasks}", file=sys.stderr)
        return 2
    tasks = load_tasks(args.tasks)
    if args.check_coverage:
        missing = [t["name"] for t in tasks if t["name"] not in COVERED]
        if missing:
            print("tasks without a torch mapping: " + ", ".join(missing))
            return 1
        print(f"all {len(tasks)} tasks have a torch mapping")
        return 0
    if args.configs:
        rows = []
        for task in tasks:
            for config_id, cfg in visible_configs(task):
                _, inputs, outputs = resolve(task, cfg)
                rows.append({
                    "name": task["name"],
                    "id": config_id,
                    "config": describe(cfg),
                    "inputs": [[i["name"], i["shape"], i["init"]] for i in inputs],
                    "outputs": [o["shape"] for o in outputs],
                })
        print(json.dumps(rows))
        return 0
    if args.reps < 100:
        print("kbench torch baseline: --reps must be at least 100", file=sys.stderr)
        return 2

    try:
        import torch
    except Exception as e:  # ImportError, or a broken install
        reason = f"torch is not importable ({type(e).__name__}: {e})"
        print(f"kbench torch baseline skipped: {reason}")
        write_json(args.out, {"skipped": reason})
        return 0
    if args.verify_small:
        problems = verify_small(torch, tasks, args.verify_small)
        print("\n".join(problems) if problems else f"all {len(tasks)} mappings agree with the CPU references")
        return 1 if problems else 0
    if not torch.cuda.is_available():
        reason = f"torch {torch.__version__} sees no CUDA device"
        print(f"kbench torch baseline skipped: {reason}")
        write_json(args.out, {"skipped": reason})
        return 0

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    ops = _ops(torch)
    only = {n for n in args.only.split(",") if n}
    results = []
    header = {"torch": torch.__version__, "device": torch.cuda.get_device_name(0), "reps": args.reps}
    for task in tasks:
        if only and task["name"] not in only:
            continue
        op = ops.get(task["name"])
        if op is None:
            results.append({"name": task["name"], "skipped": "no torch mapping"})
            continue
        results.extend(run_task(torch, task, op, args, "cuda"))
        last = results[-1]
        print(f'{task["name"]}: ' + ("skipped, " + last["skipped"] if "skipped" in last else f'{last["median_ms"]:.4f} ms (last config)'))
        # Rewritten after every task so that a run cut short by a time limit keeps what it measured.
        write_json(args.out, {**header, "complete": False, "tasks": results})
    write_json(args.out, {**header, "complete": True, "tasks": results})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
