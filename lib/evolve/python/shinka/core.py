"""``run_shinka_eval``: ShinkaEvolve's evaluation helper, reimplemented for tansaku (evolve.md 16.2).

It loads the candidate program, runs one of its functions ``num_runs`` times, validates and
aggregates the results, and writes ``metrics.json`` and ``correct.json`` into ``results_dir``.
Standard library only. Runs are sequential; ``run_workers`` and early stopping are accepted and
ignored (they change speed, not results).
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import statistics
import sys
import time
import traceback
from typing import Any, Callable, Dict, List, Optional, Tuple

DEFAULT_METRICS_ON_ERROR: Dict[str, Any] = {
    "combined_score": 0.0,
    "execution_time_mean": 0.0,
    "execution_time_std": 0.0,
    "num_successful_runs": 0,
    "num_valid_runs": 0,
    "num_invalid_runs": 0,
    "all_validation_errors": [],
}


def load_program(program_path: str) -> Any:
    """Imports the candidate file as a module named ``program``."""
    spec = importlib.util.spec_from_file_location("program", program_path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load a module from {program_path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["program"] = module
    spec.loader.exec_module(module)
    return module


def _plain(value: Any) -> Any:
    """JSON-ready: numpy scalars and arrays become Python numbers and lists."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def save_json_results(results_dir: str, metrics: Dict[str, Any], correct: bool, error: Optional[str] = None) -> None:
    os.makedirs(results_dir, exist_ok=True)
    with open(os.path.join(results_dir, "correct.json"), "w") as handle:
        json.dump({"correct": bool(correct), "error": error}, handle, indent=2, default=_plain)
    with open(os.path.join(results_dir, "metrics.json"), "w") as handle:
        json.dump(metrics, handle, indent=2, default=_plain)


def _default_aggregate(results: List[Any]) -> Dict[str, Any]:
    """Mean of numeric results, or of their combined_score entries."""
    scores = []
    for result in results:
        if isinstance(result, (int, float)) and not isinstance(result, bool):
            scores.append(float(result))
        elif isinstance(result, dict) and "combined_score" in result:
            scores.append(float(result["combined_score"]))
    return {"combined_score": statistics.fmean(scores) if scores else 0.0}


def _is_finite_number(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def run_shinka_eval(
    program_path: str,
    results_dir: str,
    experiment_fn_name: str,
    num_runs: int = 1,
    get_experiment_kwargs: Optional[Callable[[int], Dict[str, Any]]] = None,
    aggregate_metrics_fn: Optional[Callable[[List[Any]], Dict[str, Any]]] = None,
    validate_fn: Optional[Callable[[Any], Tuple[bool, Optional[str]]]] = None,
    default_metrics_on_error: Optional[Dict[str, Any]] = None,
    run_workers: int = 1,
    **_ignored: Any,
) -> Tuple[Dict[str, Any], bool, Optional[str]]:
    """Returns (metrics, correct, error) and writes them to results_dir.

    Any invalid run makes the program incorrect (the first error is reported, every distinct one is
    kept in ``all_validation_errors``); a non-finite combined_score is incorrect; an exception
    anywhere gives the default metrics, incorrect, with the error kept.
    """
    kwargs_for = get_experiment_kwargs or (lambda i: {"seed": i + 1})
    try:
        module = load_program(program_path)
        experiment = getattr(module, experiment_fn_name, None)
        if not callable(experiment):
            raise AttributeError(f"{program_path} has no function {experiment_fn_name}")
        results: List[Any] = []
        times: List[float] = []
        errors: List[str] = []
        valid_runs = 0
        for i in range(num_runs):
            started = time.perf_counter()
            result = experiment(**kwargs_for(i))
            times.append(time.perf_counter() - started)
            results.append(result)
            if validate_fn is not None:
                ok, message = validate_fn(result)
                if ok:
                    valid_runs += 1
                else:
                    text = message or f"run {i} is invalid"
                    if text not in errors:
                        errors.append(text)
            else:
                valid_runs += 1
        metrics = dict(aggregate_metrics_fn(results) if aggregate_metrics_fn else _default_aggregate(results))
        metrics["execution_time_mean"] = statistics.fmean(times) if times else 0.0
        metrics["execution_time_std"] = statistics.pstdev(times) if len(times) > 1 else 0.0
        metrics["num_successful_runs"] = len(results)
        metrics["num_valid_runs"] = valid_runs
        metrics["num_invalid_runs"] = len(results) - valid_runs
        metrics["all_validation_errors"] = errors
        correct = not errors
        error = errors[0] if errors else None
        score = metrics.get("combined_score", 0.0)
        if not _is_finite_number(score):
            correct = False
            error = f"combined_score is {score}, not a finite number"
    except Exception as exc:  # the candidate's failure is a result, not a crash of the evaluator
        metrics = dict(default_metrics_on_error or DEFAULT_METRICS_ON_ERROR)
        metrics.setdefault("combined_score", 0.0)
        error = f"{type(exc).__name__}: {exc}"
        metrics["text_feedback"] = traceback.format_exc(limit=5)
        correct = False
    save_json_results(results_dir, metrics, correct, error)
    return metrics, correct, error
