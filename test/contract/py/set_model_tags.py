"""Sets registered-model tags with MLflow's own store (the audit trail seeded into mlruns/).

Usage: MLFLOW_ALLOW_FILE_STORE=true MLFLOW_TRACKING_URI=file://<dir>/mlruns python set_model_tags.py <model> <tags.json>
tags.json is a list of {"key", "value"}; the values are written as given.
"""

import json
import sys
import warnings

from mlflow import MlflowClient
from mlflow.entities.model_registry import RegisteredModelTag

warnings.filterwarnings("ignore")


def main():
    name = sys.argv[1]
    with open(sys.argv[2], encoding="utf-8") as handle:
        tags = json.load(handle)
    registry = MlflowClient()._get_registry_client().store
    for tag in tags:
        registry.set_registered_model_tag(name, RegisteredModelTag(tag["key"], tag["value"]))
    print(json.dumps({"set": len(tags)}))


if __name__ == "__main__":
    main()
