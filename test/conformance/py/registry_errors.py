"""Runs registry calls that should fail against mlflow's own SQL registry store.

Usage: python registry_errors.py <db file> <cases.json>

cases.json is a list of {"method": <SqlAlchemyStore method>, "args": [...]}; an argument
that is an object {"key", "value"} (or a list of them) becomes a tag. Each case is answered
with {"error_code", "message"} when mlflow raised an MlflowException, or {"ok": true}.
Prints one JSON line: the answers, in the order of the cases.
"""

import json
import logging
import sys
import warnings
from types import SimpleNamespace

import mlflow
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException


def as_argument(value):
    if isinstance(value, dict) and set(value) == {"key", "value"}:
        return SimpleNamespace(key=value["key"], value=value["value"])
    if isinstance(value, list):
        return [as_argument(item) for item in value]
    return value


def main():
    path, cases_file = sys.argv[1], sys.argv[2]
    with open(cases_file, encoding="utf-8") as f:
        cases = json.load(f)
    uri = f"sqlite:///{path}"
    mlflow.set_tracking_uri(uri)
    store = MlflowClient(tracking_uri=uri, registry_uri=uri)._get_registry_client().store
    answers = []
    for case in cases:
        try:
            getattr(store, case["method"])(*[as_argument(a) for a in case["args"]])
            answers.append({"ok": True})
        except MlflowException as error:
            answers.append({"error_code": error.error_code, "message": error.message})
    print(json.dumps(answers))


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    main()
