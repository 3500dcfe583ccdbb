"""A first tracked training run: params, per-epoch metrics, tags, a note and a model.

Run it with plain mlflow, e.g.:

    MLFLOW_TRACKING_URI=sqlite:///mlflow.db python examples/iris_basic.py

It trains a linear classifier on scikit-learn's bundled iris data one epoch at a time
(``partial_fit``), so every metric has one value per step and RunLens can chart it.
"""

import math
import os
import warnings

import mlflow
import numpy as np
from sklearn.datasets import load_iris
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

EPOCHS = 20
SEED = 42

# Honour MLFLOW_EXPERIMENT_NAME / MLFLOW_EXPERIMENT_ID when set; otherwise use our own experiment.
if not os.environ.get("MLFLOW_EXPERIMENT_NAME") and not os.environ.get("MLFLOW_EXPERIMENT_ID"):
    mlflow.set_experiment("iris-basic")

# mlflow's model logging is chatty about pip and environment inference; keep the output readable.
warnings.filterwarnings("ignore")

X, y = load_iris(return_X_y=True, as_frame=True)
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.3, random_state=SEED, stratify=y)
scaler = StandardScaler().fit(X_train)
X_train_scaled = scaler.transform(X_train)
X_val_scaled = scaler.transform(X_val)
classes = np.unique(y)

params = {"loss": "log_loss", "alpha": 1e-3, "learning_rate": "optimal", "epochs": EPOCHS, "seed": SEED}
model = SGDClassifier(loss="log_loss", alpha=params["alpha"], learning_rate="optimal", random_state=SEED)

with mlflow.start_run(run_name="iris-basic") as run:
    mlflow.log_params(params)
    mlflow.set_tags({"dataset": "iris", "framework": "scikit-learn", "example": "iris_basic"})
    # The run's description: the MLflow UI and RunLens show this tag as the run's note.
    mlflow.set_tag("mlflow.note.content", "SGD logistic regression on iris, one `partial_fit` per epoch.")

    for epoch in range(EPOCHS):
        model.partial_fit(X_train_scaled, y_train, classes=classes)
        # One value per metric per epoch; `step` is what puts the epoch on the chart's x axis.
        mlflow.log_metrics(
            {
                "train_loss": log_loss(y_train, model.predict_proba(X_train_scaled), labels=classes),
                "val_loss": log_loss(y_val, model.predict_proba(X_val_scaled), labels=classes),
                "train_accuracy": accuracy_score(y_train, model.predict(X_train_scaled)),
                "val_accuracy": accuracy_score(y_val, model.predict(X_val_scaled)),
            },
            step=epoch,
        )

    # Non-finite values are legal metric values; a viewer must show them rather than choke.
    mlflow.log_metric("nan_metric", math.nan)
    mlflow.log_metric("inf_metric", math.inf)
    mlflow.log_metric("neg_inf_metric", -math.inf)

    # In MLflow 3 this creates a LoggedModel (models:/<model_id>) recorded as the run's output.
    # The input example also lets mlflow infer the model's signature.
    model_info = mlflow.sklearn.log_model(model, name="model", input_example=X_train_scaled[:5])

    print(f"run_id={run.info.run_id} model_uri={model_info.model_uri}")
