"""tansaku's stand-in for the parts of ShinkaEvolve that task evaluators import.

tansaku puts this directory on PYTHONPATH when it runs a task's evaluate.py, so that
``from shinka.core import run_shinka_eval`` works without ShinkaEvolve installed.
"""
