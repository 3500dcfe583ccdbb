#!/usr/bin/env bash
# Makes .tools/venv with the pinned mlflow the conformance tests run against; reused when present.
# The venv takes minutes of pip, so it lives in the tool cache outside the clone, keyed by the
# requirements and the Python version (a fresh clone on this machine reuses it), and .tools/venv
# links to it. A real .tools/venv folder made before the cache existed is used where it is.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=test/conformance/requirements.txt
pinned=$(sed -n 's/^mlflow==//p' "$requirements")
python=${PYTHON:-python3}

if [ -d .tools/venv ] && [ ! -L .tools/venv ]; then
  venv=.tools/venv
else
  cache=${RUNLENS_TOOL_CACHE:-$HOME/.cache/runlens-tools}
  key=$( { cat "$requirements"; "$python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -c1-16)
  venv=$cache/venv-$key
  mkdir -p "$cache" .tools
  ln -sfn "$venv" .tools/venv
  echo "python venv: $venv (linked from .tools/venv)"
fi
# Two clones setting up at once build the shared venv once.
exec 9>"$venv.lock"
flock 9

# The registry lacks mlflow's 3.18.0 companions, so mlflow warns at every import that its
# mlflow-skinny / mlflow-tracing versions differ. This venv is RunLens's own (tests and the demo):
# a .pth line filters that one warning here, never in a user's interpreter.
quiet_version_mismatch() {
  site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  echo 'import warnings; warnings.filterwarnings("ignore", message=r"Versions of mlflow \(", category=UserWarning)' > "$site/runlens-quiet-version-mismatch.pth"
}

# The requirements the venv lacks (not installed, or not at the pinned version), one per line.
missing_requirements() {
  "$venv/bin/python" - "$requirements" <<'PY'
import sys
from importlib.metadata import PackageNotFoundError, version
for line in open(sys.argv[1]):
    requirement = line.split("#")[0].strip()
    if not requirement:
        continue
    name, _, pinned = requirement.partition("==")
    try:
        installed = version(name.strip())
    except PackageNotFoundError:
        installed = None
    if installed is None or (pinned and installed != pinned.strip()):
        print(requirement)
PY
}

if [ -x "$venv/bin/python" ] && [ "$("$venv/bin/python" -c 'import mlflow; print(mlflow.__version__)' 2>/dev/null)" = "$pinned" ]; then
  missing=$(missing_requirements)
  if [ -z "$missing" ]; then
    echo "python venv: mlflow $pinned and every requirement already present"
    quiet_version_mismatch
    exit 0
  fi
  # The pinned mlflow is there: only what was added to the requirements since is installed.
  echo "python venv: installing the missing requirements:" $missing
  # shellcheck disable=SC2086 # one requirement per word
  "$venv/bin/pip" install --quiet $missing
  if [ -z "$(missing_requirements)" ]; then
    quiet_version_mismatch
    "$venv/bin/python" -c "import mlflow; assert mlflow.__version__ == '$pinned', mlflow.__version__; print('python venv: mlflow', mlflow.__version__)"
    exit 0
  fi
  echo "python venv: requirements still missing after the install; rebuilding the venv"
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
quiet_version_mismatch
"$venv/bin/python" -c "import mlflow, sklearn, matplotlib, boto3, google.cloud.storage, azure.storage.blob, azure.identity; assert mlflow.__version__ == '$pinned', mlflow.__version__; print('python venv: mlflow', mlflow.__version__)"
