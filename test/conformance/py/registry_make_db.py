"""Creates an MLflow SQLite database with the real mlflow, for the registry tests.

Usage: python registry_make_db.py <db file> empty|populated

  empty      the tables mlflow creates, one experiment with one run and one logged model
             (so run ids and models:/<model_id> sources resolve), and no registry rows.
  populated  the same, plus a registry written through MlflowClient: models with tags and
             descriptions, versions with tags, stage transitions (one archiving the others),
             aliases (one moved), a deleted version, a renamed model, versions registered
             from models:/<model_id> and models:/<name>/<version>, and a prompt-tagged model.

Prints one JSON line: {"run_id", "experiment_id", "model_id", "model_artifact_location"}.
"""

import json
import logging
import sys
import warnings

import mlflow
from mlflow import MlflowClient


def base(uri):
    """An experiment, a finished run and a logged model: what registry rows may point at."""
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    experiment_id = client.create_experiment("registry-source")
    run = client.create_run(experiment_id, run_name="trainer")
    client.set_terminated(run.info.run_id)
    logged = client.create_logged_model(experiment_id, name="clf", source_run_id=run.info.run_id)
    return client, {
        "run_id": run.info.run_id,
        "experiment_id": experiment_id,
        "model_id": logged.model_id,
        "model_artifact_location": logged.artifact_location,
    }


def populate(client, ids):
    run_id = ids["run_id"]
    client.create_registered_model("alpha", tags={"team": "vision", "tier": "gold"}, description="first model")
    for i in range(1, 6):
        client.create_model_version(
            "alpha",
            f"runs:/{run_id}/model-{i}",
            run_id=run_id,
            tags={"index": str(i), "kind": "even" if i % 2 == 0 else "odd"},
            run_link=f"http://runs/{i}" if i != 3 else None,
            description=f"version {i}" if i != 4 else None,
        )
    client.transition_model_version_stage("alpha", "1", "Production")
    client.transition_model_version_stage("alpha", "2", "staging")
    client.transition_model_version_stage("alpha", "3", "production", archive_existing_versions=True)
    client.transition_model_version_stage("alpha", "5", "Staging")
    client.set_registered_model_alias("alpha", "champion", "3")
    client.set_registered_model_alias("alpha", "challenger", "2")
    client.set_registered_model_alias("alpha", "challenger", "4")
    client.set_registered_model_alias("alpha", "old", "2")
    client.delete_model_version("alpha", "2")
    client.update_model_version("alpha", "4", "fourth, updated")
    client.update_registered_model("alpha", "first model, updated")
    client.set_registered_model_tag("alpha", "stale", "x")
    client.delete_registered_model_tag("alpha", "stale")
    client.set_model_version_tag("alpha", "1", "extra", "yes")
    client.delete_model_version_tag("alpha", "1", "kind")

    client.create_registered_model("beta", tags={"team": "nlp"})
    client.create_model_version("beta", "s3://bucket/beta/1", tags={"note": "first"})
    client.create_model_version("beta", "s3://bucket/beta/2")
    client.set_registered_model_alias("beta", "prod", "2")
    client.transition_model_version_stage("beta", "2", "Production")
    client.rename_registered_model("beta", "gamma")

    client.create_registered_model("from logged é")
    client.create_model_version("from logged é", f"models:/{ids['model_id']}", model_id=ids["model_id"])
    client.create_model_version("from logged é", "models:/alpha/3")

    client.create_registered_model("empty-model")

    # A prompt shares the tables with models; model searches leave it out.
    store = client._get_registry_client().store
    from mlflow.entities.model_registry import RegisteredModelTag

    store.create_registered_model("a-prompt", tags=[RegisteredModelTag("mlflow.prompt.is_prompt", "true")])


def main():
    path, mode = sys.argv[1], sys.argv[2]
    uri = f"sqlite:///{path}"
    # create_model_version looks logged models up through the global tracking URI.
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    client, ids = base(uri)
    if mode == "populated":
        populate(client, ids)
    elif mode != "empty":
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(ids))


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    main()
