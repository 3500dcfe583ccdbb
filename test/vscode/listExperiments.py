"""Prints, as JSON, the names of the active experiments the real mlflow sees in a tracking URI."""
import json
import sys

import mlflow
from mlflow.entities import ViewType

client = mlflow.MlflowClient(tracking_uri=sys.argv[1])
names = [e.name for e in client.search_experiments(view_type=ViewType.ACTIVE_ONLY, max_results=1000)]
print(json.dumps(sorted(names)))
