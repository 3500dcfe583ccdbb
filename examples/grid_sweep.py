"""A hyperparameter sweep: one parent run with a child run per grid point.

    MLFLOW_TRACKING_URI=sqlite:///mlflow.db python examples/grid_sweep.py

The grid is 4 values of C x 3 values of max_iter = 12 child runs, nested under a parent run
that records the best combination. RunLens shows the children under their parent and can
compare them side by side.
"""

import itertools
import os
import warnings

import mlflow
from sklearn.datasets import load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

SEED = 7
C_VALUES = [0.01, 0.1, 1.0, 10.0]
MAX_ITER_VALUES = [5, 20, 100]

if not os.environ.get("MLFLOW_EXPERIMENT_NAME") and not os.environ.get("MLFLOW_EXPERIMENT_ID"):
    mlflow.set_experiment("grid-sweep")

# Small max_iter values are meant to stop early; silence sklearn's ConvergenceWarning about it.
warnings.filterwarnings("ignore")

X, y = load_wine(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=SEED, stratify=y)

with mlflow.start_run(run_name="grid-sweep") as parent:
    mlflow.set_tags({"example": "grid_sweep", "sweep": "C x max_iter"})
    mlflow.log_params({"grid_C": str(C_VALUES), "grid_max_iter": str(MAX_ITER_VALUES), "seed": SEED})

    best = None
    for c, max_iter in itertools.product(C_VALUES, MAX_ITER_VALUES):
        # nested=True makes this a child of the active parent run (tag mlflow.parentRunId).
        with mlflow.start_run(run_name=f"C={c}-max_iter={max_iter}", nested=True):
            model = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=max_iter, random_state=SEED))
            model.fit(X_train, y_train)
            predictions = model.predict(X_test)
            accuracy = accuracy_score(y_test, predictions)
            mlflow.log_params({"C": c, "max_iter": max_iter})
            mlflow.log_metrics({"accuracy": accuracy, "f1_macro": f1_score(y_test, predictions, average="macro")})
            mlflow.set_tag("example", "grid_sweep")
            if best is None or accuracy > best[0]:
                best = (accuracy, c, max_iter)

    # The parent summarises the sweep so the best point is visible without opening children.
    best_accuracy, best_c, best_max_iter = best
    mlflow.log_metric("best_accuracy", best_accuracy)
    mlflow.set_tags({"best_C": str(best_c), "best_max_iter": str(best_max_iter)})
    print(f"parent_run_id={parent.info.run_id} best C={best_c} max_iter={best_max_iter} accuracy={best_accuracy:.3f}")
