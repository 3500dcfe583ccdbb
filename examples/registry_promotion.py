"""The model registry: register two versions, promote through stages, tag, describe, alias.

    MLFLOW_TRACKING_URI=sqlite:///mlflow.db python examples/registry_promotion.py

Flow:
  1. train and log a model, register it       -> version 1
  2. train a better one, register it too      -> version 2
  3. version 1: None -> Staging -> Production
  4. version 2: None -> Staging -> Production, archiving the other Production versions
     (so version 1 becomes Archived)
  5. alias "champion" -> version 2, plus tags and descriptions on the model and versions

Stages are deprecated in MLflow 3 in favour of aliases; both are shown because existing
registries use both.
"""

import os
import warnings

import mlflow
from mlflow import MlflowClient
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

MODEL_NAME = "iris-classifier"
SEED = 11

if not os.environ.get("MLFLOW_EXPERIMENT_NAME") and not os.environ.get("MLFLOW_EXPERIMENT_ID"):
    mlflow.set_experiment("registry-promotion")

# Stage transitions print FutureWarnings (stages are deprecated); we use them on purpose.
warnings.filterwarnings("ignore")

X, y = load_iris(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=SEED, stratify=y)
client = MlflowClient()


def train_and_log(c):
    """Trains one candidate in its own run; returns (run_id, model_info)."""
    with mlflow.start_run(run_name=f"candidate-C={c}") as run:
        mlflow.set_tag("example", "registry_promotion")
        model = LogisticRegression(C=c, max_iter=500, random_state=SEED).fit(X_train, y_train)
        mlflow.log_param("C", c)
        mlflow.log_metric("test_accuracy", model.score(X_test, y_test))
        info = mlflow.sklearn.log_model(model, name="model", input_example=X_train[:3])
        return run.info.run_id, info


# Version 1, registered the classic way: from the run ("runs:/<run_id>/<model name>").
first_run_id, _ = train_and_log(0.05)
v1 = mlflow.register_model(f"runs:/{first_run_id}/model", MODEL_NAME)

# Version 2, registered the MLflow 3 way: from the logged model's own URI ("models:/<model_id>").
# Registering under an existing name always adds a new version.
_, second_info = train_and_log(1.0)
v2 = mlflow.register_model(second_info.model_uri, MODEL_NAME)

# Describe and tag the registered model and its versions.
client.update_registered_model(MODEL_NAME, description="Logistic regression classifier for the iris species.")
client.set_registered_model_tag(MODEL_NAME, "team", "examples")
client.set_registered_model_tag(MODEL_NAME, "task", "classification")
client.update_model_version(MODEL_NAME, v1.version, description="Strongly regularised baseline (C=0.05).")
client.update_model_version(MODEL_NAME, v2.version, description="Weaker regularisation (C=1.0).")
client.set_model_version_tag(MODEL_NAME, v1.version, "validation", "passed")
client.set_model_version_tag(MODEL_NAME, v2.version, "validation", "passed")
client.set_model_version_tag(MODEL_NAME, v2.version, "candidate", "true")

# Promote version 1 all the way, then replace it with version 2.
client.transition_model_version_stage(MODEL_NAME, v1.version, stage="Staging")
client.transition_model_version_stage(MODEL_NAME, v1.version, stage="Production")
client.transition_model_version_stage(MODEL_NAME, v2.version, stage="Staging")
# archive_existing_versions moves every other Production version (here: v1) to Archived.
client.transition_model_version_stage(MODEL_NAME, v2.version, stage="Production", archive_existing_versions=True)

# Aliases are the MLflow 3 way to point at a version: models:/iris-classifier@champion.
client.set_registered_model_alias(MODEL_NAME, "champion", v2.version)

champion = client.get_model_version_by_alias(MODEL_NAME, "champion")
print(f"model={MODEL_NAME} champion=v{champion.version} stage={champion.current_stage}")
