"""Automatic logging: mlflow.sklearn.autolog() records params, metrics, the dataset and the model.

    MLFLOW_TRACKING_URI=sqlite:///mlflow.db python examples/autolog.py

Nothing is logged by hand here: autolog captures the estimator's parameters (``n_estimators``,
``max_depth``, ...), training metrics (``training_accuracy_score``, ...), the training data as a
dataset input, the fitted model, and the score computed afterwards on the test set.
"""

import os
import warnings

import mlflow
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

SEED = 0

if not os.environ.get("MLFLOW_EXPERIMENT_NAME") and not os.environ.get("MLFLOW_EXPERIMENT_ID"):
    mlflow.set_experiment("sklearn-autolog")

warnings.filterwarnings("ignore")

# Turn autolog on before fitting; every sklearn fit from now on is tracked.
mlflow.sklearn.autolog()

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=SEED)

with mlflow.start_run(run_name="autolog-random-forest") as run:
    mlflow.set_tag("example", "autolog")
    model = RandomForestClassifier(n_estimators=30, max_depth=8, random_state=SEED)
    model.fit(X_train, y_train)
    # Scoring on held-out data inside the run is logged too, as a post-training metric.
    test_accuracy = model.score(X_test, y_test)
    print(f"run_id={run.info.run_id} test_accuracy={test_accuracy:.3f}")
