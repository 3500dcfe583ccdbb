"""A script's registry changes through a tracking server, as a CI job would make them.

Usage: MLFLOW_TRACKING_URI=http://… python audit_script.py register <run_id> <model_id>
       MLFLOW_TRACKING_URI=http://… MLFLOW_TRACKING_USERNAME=… MLFLOW_TRACKING_PASSWORD=… python audit_script.py promote

register: creates "scripted", version 1 from the run (create_model_version of runs:/<run_id>/model with run_id) and
version 2 with mlflow.register_model("models:/<model_id>") (which sends only the model id).
promote: stages, an alias and a description, version 2 to Production archiving version 1, then a
version tag holding 4,400 characters, nearly all control characters.
Prints one JSON line with the versions' stages afterwards.
"""

import json
import sys
import warnings

import mlflow
from mlflow import MlflowClient

warnings.filterwarnings("ignore")
NAME = "scripted"
client = MlflowClient()

if sys.argv[1] == "register":
    run_id, model_id = sys.argv[2], sys.argv[3]
    client.create_registered_model(NAME)
    client.create_model_version(NAME, f"runs:/{run_id}/model", run_id=run_id)
    mlflow.register_model(f"models:/{model_id}", NAME)
else:
    client.transition_model_version_stage(NAME, "1", "Staging")
    client.transition_model_version_stage(NAME, "1", "Production")
    client.set_registered_model_alias(NAME, "champion", "1")
    client.update_model_version(NAME, "1", description="nightly build, checks passed")
    client.transition_model_version_stage(NAME, "2", "Production", archive_existing_versions=True)
    # Control characters take six characters each once escaped in the event's JSON.
    client.set_model_version_tag(NAME, "1", "build-log", ("\x01" * 10 + "\n") * 400)

print(json.dumps({v.version: v.current_stage for v in client.search_model_versions(f"name = '{NAME}'")}))
