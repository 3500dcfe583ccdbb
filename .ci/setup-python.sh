#!/usr/bin/env bash
# Makes .tools/venv with the pinned mlflow the conformance tests run against; reused when present.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.tools/venv
requirements=test/conformance/requirements.txt
pinned=$(sed -n 's/^mlflow==//p' "$requirements")
python=${PYTHON:-python3}

if [ -x "$venv/bin/python" ] && [ "$("$venv/bin/python" -c 'import mlflow; print(mlflow.__version__)' 2>/dev/null)" = "$pinned" ]; then
  echo "python venv: mlflow $pinned already present"
  exit 0
fi

rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip >/dev/null 2>&1 || true
if ! "$venv/bin/pip" install --quiet -r "$requirements"; then
  # The registry can lag: mlflow $pinned may be published before its mlflow-skinny / mlflow-tracing
  # companions. Then install the previous release for its dependencies and lay the pinned
  # full wheel (which carries the whole mlflow package) over it.
  echo "python venv: mlflow $pinned companions missing on the registry; using the full wheel over its dependencies"
  grep -v '^mlflow==' "$requirements" > "$venv/requirements-deps.txt"
  "$venv/bin/pip" install --quiet "mlflow<$pinned" -r "$venv/requirements-deps.txt"
  "$venv/bin/pip" install --quiet --no-deps "mlflow==$pinned"
fi
"$venv/bin/python" -c "import mlflow, sklearn, matplotlib; assert mlflow.__version__ == '$pinned', mlflow.__version__; print('python venv: mlflow', mlflow.__version__)"
