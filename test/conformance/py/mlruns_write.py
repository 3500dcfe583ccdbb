"""Writes an mlruns/ tree with the real mlflow FileStore for the mlruns reader conformance test.

Usage: MLFLOW_ALLOW_FILE_STORE=true MLFLOW_TRACKING_URI=file://<dir>/mlruns python mlruns_write.py
Prints one JSON line: the ids the reading side needs.
"""

import json
import sys
import time
import warnings

import mlflow
import pandas as pd
from mlflow import MlflowClient
from mlflow.entities import Metric, Param, RunTag
from sklearn.linear_model import LogisticRegression

warnings.filterwarnings("ignore")


def pause():
    # Distinct start times keep run orders meaningful (MLflow ties break on run_id anyway).
    time.sleep(0.005)


def main():
    client = MlflowClient()
    exp_a = client.create_experiment(
        "conf-exp-a", tags={"org": "vision", "team/area": "detection", "empty": ""}
    )
    exp_b = client.create_experiment("conf-exp-b")
    # PyYAML leaves 1e3 unquoted (a YAML 1.1 float needs a dot): the reader must keep it a string.
    exp_odd = client.create_experiment("1e3", tags={"yes": "no"})
    exp_gone = client.create_experiment("conf-exp-deleted", tags={"why": "cleanup"})

    run_ids = {}
    base = int(time.time() * 1000)

    parent = client.create_run(exp_a, run_name="parent", tags={"stage": "dev", "nested/tag": "x"})
    run_ids["parent"] = parent.info.run_id
    client.log_param(parent.info.run_id, "lr", "0.01")
    client.log_param(parent.info.run_id, "optimizer/name", "adam")
    client.log_param(parent.info.run_id, "empty", "")
    metrics = [Metric("loss", 1.0 / (s + 1), base + s, s) for s in range(12)]
    metrics += [Metric("train/acc", 0.5 + s / 40, base + s, s) for s in range(0, 20, 2)]
    metrics += [Metric("nan_metric", float("nan"), base, 0), Metric("nan_metric", 1.5, base, 0)]
    metrics += [Metric("inf_metric", float("inf"), base, 3), Metric("inf_metric", float("-inf"), base + 1, 3)]
    # Same step and timestamp: the latest value is the larger one.
    metrics += [Metric("tie", 2.0, base, 5), Metric("tie", 7.0, base, 5), Metric("tie", 3.0, base, 5)]
    metrics += [Metric("negative_steps", float(s), base + 10 + s, s) for s in (-3, -1, 0, 2)]
    client.log_batch(parent.info.run_id, metrics=metrics)
    client.set_terminated(parent.info.run_id, "FINISHED")
    pause()

    for i in (1, 2):
        child = client.create_run(
            exp_a,
            run_name=f"child-{i}",
            tags={"mlflow.parentRunId": parent.info.run_id, "stage": "prod" if i == 2 else "dev"},
        )
        run_ids[f"child{i}"] = child.info.run_id
        client.log_batch(
            child.info.run_id,
            metrics=[Metric("loss", 0.9 / i + s / 100, base + 100 * i + s, s) for s in range(0, 300, 3)],
            params=[Param("lr", str(0.1 * i)), Param("depth", str(i * 3))],
        )
        client.set_terminated(child.info.run_id, "FAILED" if i == 2 else "FINISHED")
        pause()

    killed = client.create_run(exp_a, run_name="killed-run")
    run_ids["killed"] = killed.info.run_id
    client.log_metric(killed.info.run_id, "loss", 0.42, step=1)
    client.set_terminated(killed.info.run_id, "KILLED")
    pause()

    running = client.create_run(exp_a, run_name="still-running", tags={"stage": "dev"})
    run_ids["running"] = running.info.run_id
    client.log_metric(running.info.run_id, "loss", 0.77)
    pause()

    deleted = client.create_run(exp_a, run_name="deleted-run")
    run_ids["deleted"] = deleted.info.run_id
    client.log_param(deleted.info.run_id, "lr", "0.5")
    client.set_terminated(deleted.info.run_id)
    client.delete_run(deleted.info.run_id)
    pause()

    with mlflow.start_run(experiment_id=exp_a, run_name="with-inputs") as run:
        run_ids["inputs"] = run.info.run_id
        frame = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [0, 1, 0]})
        dataset = mlflow.data.from_pandas(frame, name="train-set", targets="y")
        mlflow.log_input(dataset, context="training")
        mlflow.log_input(mlflow.data.from_pandas(frame.head(2), name="eval-set"), context="eval")
        model = LogisticRegression().fit(frame[["x"]], frame["y"])
        info = mlflow.sklearn.log_model(model, name="model", params={"C": "1.0"}, tags={"flavor": "sk"})
        model_id = info.model_id
        mlflow.log_metric("accuracy", 0.75, step=2, model_id=model_id)
        mlflow.log_metric("accuracy", 0.8, step=3, model_id=model_id, dataset=dataset)
        mlflow.log_params({"C": "1.0", "solver": "lbfgs"})
    pause()

    pending = mlflow.initialize_logged_model(
        name="pending-model", experiment_id=exp_a, tags={"k": "v"}, params={"p": "1"}
    )
    gone_model = mlflow.initialize_logged_model(name="gone-model", experiment_id=exp_a)
    client.delete_logged_model(gone_model.model_id)

    for i in range(4):
        run = client.create_run(exp_b, run_name=f"b-{i}", tags={"idx": str(i)})
        run_ids[f"b{i}"] = run.info.run_id
        client.log_batch(
            run.info.run_id,
            metrics=[Metric("score", float(i % 3), base + i, 0)],
            params=[Param("bucket", "even" if i % 2 == 0 else "odd")],
            tags=[RunTag("note", f"run {i}")],
        )
        client.set_terminated(run.info.run_id)
        pause()

    odd_run = client.create_run(exp_odd, run_name="yes")
    run_ids["odd"] = odd_run.info.run_id
    client.log_param(odd_run.info.run_id, "null", "null")
    client.set_tag(odd_run.info.run_id, "1e3", "017")

    gone_run = client.create_run(exp_gone, run_name="in-deleted-experiment")
    run_ids["inDeletedExperiment"] = gone_run.info.run_id
    client.log_metric(gone_run.info.run_id, "loss", 1.0)
    client.delete_experiment(exp_gone)

    # Registry: stages, aliases, tags, a deleted version, and a second model.
    client.create_registered_model("conf-model", tags={"owner": "ml", "a/b": "c"}, description="demo")
    sources = [run_ids["parent"], run_ids["child1"], run_ids["child2"], run_ids["killed"]]
    for run_id in sources:
        client.create_model_version(
            "conf-model", f"runs:/{run_id}/model", run_id=run_id, tags={"src": run_id[:6]}
        )
        pause()
    client.transition_model_version_stage("conf-model", "1", "Production")
    client.transition_model_version_stage("conf-model", "2", "Staging")
    client.transition_model_version_stage("conf-model", "3", "Archived")
    client.set_registered_model_alias("conf-model", "champion", "1")
    client.set_registered_model_alias("conf-model", "challenger", "2")
    client.set_model_version_tag("conf-model", "2", "validated", "true")
    client.update_model_version("conf-model", "2", description="second")
    client.delete_model_version("conf-model", "4")

    client.create_registered_model("other-model")
    client.create_model_version(
        "other-model", f"models:/{model_id}", run_id=run_ids["inputs"], model_id=model_id
    )
    client.create_registered_model("empty-model", description=None)

    print(
        json.dumps(
            {
                "experimentIds": {"a": exp_a, "b": exp_b, "odd": exp_odd, "deleted": exp_gone},
                "runIds": run_ids,
                "loggedModelIds": {"sklearn": model_id, "pending": pending.model_id, "deleted": gone_model.model_id},
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
