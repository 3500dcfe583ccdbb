"""Logs two runs through a team `mlflow server` whose artifact root is in a bucket.

Usage: team_s3_runs.py <tracking-url>. The bucket's endpoint and keys come from the environment
(AWS_*, MLFLOW_S3_ENDPOINT_URL), so the client writes every artifact straight to the bucket.
Each run gets a PNG (log_figure), a metadata.json (log_dict, different per run) and a small
sklearn model (MLflow 3: a logged model under the experiment's models/ prefix).
Prints, as JSON: the run ids by name, the experiment's artifact location and each run's
metadata.json as the client reads it back.
"""
import json
import sys
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import mlflow  # noqa: E402
import mlflow.sklearn  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

warnings.filterwarnings("ignore")
mlflow.set_tracking_uri(sys.argv[1])
experiment = mlflow.set_experiment("team-s3")

RUNS = [
    ("baseline", {"dataset": "iris-v1", "rows": 150, "features": ["sepal", "petal"]}, 0.1),
    ("tuned", {"dataset": "iris-v2", "rows": 300, "features": ["sepal", "petal", "ratio"]}, 1.0),
]
X = [[0.0, 0.1], [0.2, 0.0], [1.0, 0.9], [0.9, 1.1]]
y = [0, 0, 1, 1]

ids = {}
metadata = {}
for name, meta, c in RUNS:
    with mlflow.start_run(run_name=name) as run:
        mlflow.log_param("C", c)
        figure, axes = plt.subplots(figsize=(3, 2), dpi=80)
        axes.plot([1, 2, 3], [0.9, 0.5, 0.3 * c])
        axes.set_title(name)
        mlflow.log_figure(figure, "loss.png")
        plt.close(figure)
        mlflow.log_dict(meta, "metadata.json")
        mlflow.sklearn.log_model(LogisticRegression(C=c).fit(X, y), name="model")
        ids[name] = run.info.run_id
    local = mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path="metadata.json")
    with open(local, encoding="utf-8") as f:
        metadata[name] = f.read()

print(json.dumps({"runs": ids, "artifactLocation": experiment.artifact_location, "metadata": metadata}))
