"""Answers search_runs cases with the real mlflow client.

Usage: MLFLOW_TRACKING_URI=<uri> python search_run_ids.py '<json list of {"filter", "order_by", "view"}>'
Prints one JSON line: a list with, per case, {"run_ids": [...]} or {"error_code": "..."}.
"""

import json
import sys
import warnings

from mlflow import MlflowClient
from mlflow.entities import ViewType
from mlflow.exceptions import MlflowException

warnings.filterwarnings("ignore")
client = MlflowClient()
experiment_ids = [e.experiment_id for e in client.search_experiments(view_type=ViewType.ALL)]
answers = []
for case in json.loads(sys.argv[1]):
    try:
        runs = client.search_runs(
            experiment_ids,
            filter_string=case.get("filter", ""),
            run_view_type=getattr(ViewType, case.get("view", "ACTIVE_ONLY")),
            max_results=case.get("max_results", 1000),
            order_by=case.get("order_by") or None,
        )
        answers.append({"run_ids": [run.info.run_id for run in runs]})
    except MlflowException as error:
        answers.append({"error_code": error.error_code})
print(json.dumps(answers))
