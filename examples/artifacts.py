"""Artifacts: a figure, a JSON document, a text file and a whole folder.

    MLFLOW_TRACKING_URI=sqlite:///mlflow.db python examples/artifacts.py

Artifacts are files kept with the run (next to the tracking store for a local setup).
RunLens lists them in the run's artifact tree and previews images, JSON and text.
"""

import os
import tempfile
import warnings

import matplotlib

matplotlib.use("Agg")  # draw to files only; no display needed

import matplotlib.pyplot as plt  # noqa: E402  (must come after choosing the backend)
import mlflow  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.datasets import load_wine  # noqa: E402
from sklearn.metrics import classification_report, confusion_matrix  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.tree import DecisionTreeClassifier  # noqa: E402

SEED = 3

if not os.environ.get("MLFLOW_EXPERIMENT_NAME") and not os.environ.get("MLFLOW_EXPERIMENT_ID"):
    mlflow.set_experiment("artifacts-demo")

warnings.filterwarnings("ignore")

data = load_wine()
X_train, X_test, y_train, y_test = train_test_split(
    data.data, data.target, test_size=0.3, random_state=SEED, stratify=data.target
)
model = DecisionTreeClassifier(max_depth=3, random_state=SEED).fit(X_train, y_train)
predictions = model.predict(X_test)
matrix = confusion_matrix(y_test, predictions)

with mlflow.start_run(run_name="artifacts-demo") as run:
    mlflow.set_tag("example", "artifacts")
    mlflow.log_param("max_depth", 3)
    mlflow.log_metric("accuracy", float((predictions == y_test).mean()))

    # 1. A figure, saved by mlflow as a PNG under plots/.
    fig, ax = plt.subplots(figsize=(4, 4))
    ax.imshow(matrix, cmap="Blues")
    for (row, col), count in np.ndenumerate(matrix):
        ax.text(col, row, str(count), ha="center", va="center")
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title("Confusion matrix")
    mlflow.log_figure(fig, "plots/confusion_matrix.png")
    plt.close(fig)

    # 2. A dict written as JSON.
    mlflow.log_dict(
        {"classes": list(data.target_names), "confusion_matrix": matrix.tolist()},
        "metrics/confusion_matrix.json",
    )

    # 3. Plain text.
    mlflow.log_text(classification_report(y_test, predictions, target_names=data.target_names), "report.txt")

    # 4. A whole local folder, uploaded under reports/.
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "feature_names.txt"), "w") as out:
            out.write("\n".join(data.feature_names) + "\n")
        os.makedirs(os.path.join(folder, "tree"))
        with open(os.path.join(folder, "tree", "importances.csv"), "w") as out:
            out.write("feature,importance\n")
            for name, importance in zip(data.feature_names, model.feature_importances_):
                out.write(f"{name},{importance:.6f}\n")
        mlflow.log_artifacts(folder, artifact_path="reports")

    print(f"run_id={run.info.run_id} artifact_uri={run.info.artifact_uri}")
