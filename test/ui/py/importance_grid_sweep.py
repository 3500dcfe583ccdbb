"""Runs examples/grid_sweep.py with the real mlflow into <folder>/mlflow.db, then weighs its child
runs' params against accuracy independently of RunLens: scipy's Spearman rho per param and
scikit-learn's RandomForestRegressor feature importances. Prints them as JSON (last line).
"""
import json
import os
import runpy
import sys

folder = sys.argv[1]
repo = sys.argv[2]
os.environ["MLFLOW_TRACKING_URI"] = f"sqlite:///{os.path.join(folder, 'mlflow.db')}"
runpy.run_path(os.path.join(repo, "examples", "grid_sweep.py"), run_name="__main__")

import mlflow  # noqa: E402  (after the example, which sets the experiment)
import numpy as np  # noqa: E402
from scipy.stats import spearmanr  # noqa: E402
from sklearn.ensemble import RandomForestRegressor  # noqa: E402

runs = mlflow.search_runs(experiment_names=["grid-sweep"], output_format="list")
children = [r for r in runs if "accuracy" in r.data.metrics]
params = ["C", "max_iter"]
x = np.array([[float(r.data.params[p]) for p in params] for r in children])
y = np.array([r.data.metrics["accuracy"] for r in children])
rho = {p: float(spearmanr(x[:, i], y).statistic) for i, p in enumerate(params)}
forest = RandomForestRegressor(n_estimators=1000, random_state=0).fit(x, y)
importance = dict(zip(params, (float(v) for v in forest.feature_importances_)))
print(json.dumps({"runs": len(children), "spearman": rho, "importance": importance, "accuracy": sorted(set(y.tolist()))}))
