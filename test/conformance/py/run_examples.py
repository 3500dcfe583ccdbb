"""Runs the example training scripts in order, with the current environment and working directory.

Usage: python run_examples.py [name ...]     (names with or without ".py"; none = all)

Each script runs in its own interpreter (the one running this file), so MLFLOW_TRACKING_URI
and friends apply exactly as they would for a user. Stops with a non-zero exit at the first
script that fails. failing_run.py is the exception: it must fail (its run ends FAILED), so
there a zero exit is the error.

Prints one JSON line on stdout: [{"script", "returncode", "seconds"}, ...].
"""

import json
import subprocess
import sys
import time
from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parents[3] / "examples"

# Order matters only for readability of the resulting store; each script stands alone.
ALL_EXAMPLES = [
    "iris_basic.py",
    "grid_sweep.py",
    "autolog.py",
    "artifacts.py",
    "registry_promotion.py",
    "failing_run.py",
]
EXPECTED_TO_FAIL = {"failing_run.py"}


def resolve(names):
    scripts = [name if name.endswith(".py") else f"{name}.py" for name in names] or ALL_EXAMPLES
    unknown = [s for s in scripts if not (EXAMPLES_DIR / s).is_file()]
    if unknown:
        sys.exit(f"unknown example(s): {', '.join(unknown)} (known: {', '.join(ALL_EXAMPLES)})")
    return scripts


def main(argv):
    results = []
    for script in resolve(argv):
        started = time.monotonic()
        # stdout goes to our stderr so that our own stdout carries only the JSON summary.
        completed = subprocess.run([sys.executable, str(EXAMPLES_DIR / script)], stdout=sys.stderr)
        seconds = round(time.monotonic() - started, 2)
        results.append({"script": script, "returncode": completed.returncode, "seconds": seconds})
        failed = completed.returncode != 0
        if failed != (script in EXPECTED_TO_FAIL):
            expectation = "should have failed but exited 0" if not failed else f"failed with exit code {completed.returncode}"
            print(f"run_examples: {script} {expectation}", file=sys.stderr)
            print(json.dumps(results))
            return 1
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
