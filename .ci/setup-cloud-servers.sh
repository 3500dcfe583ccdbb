#!/usr/bin/env bash
# Builds the cloud storage emulators the artifact tests start on loopback, cached by version
# outside the clone (a fresh clone on the same machine reuses them):
#   SeaweedFS (real S3 API with signature checks) and fake-gcs-server (GCS JSON API), both with
#   the machine's Go from the Go module proxy. Azurite (Azure Blob) comes with npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."

cache=${RUNLENS_TOOL_CACHE:-$HOME/.cache/runlens-tools}
seaweedfs_version=v0.0.0-20261109003541-7506e5f91cd6
fake_gcs_version=v1.56.1

if ! command -v go >/dev/null 2>&1; then
  echo "setup-cloud-servers: Go is required to build SeaweedFS and fake-gcs-server" >&2
  exit 1
fi

weed=$cache/seaweedfs-$seaweedfs_version/weed
if [ ! -x "$weed" ]; then
  echo "setup-cloud-servers: building SeaweedFS $seaweedfs_version (a few minutes, once)"
  # Its go.mod has replace directives, so it is built as the main module from the module cache.
  source_dir=$(go mod download -json "github.com/seaweedfs/seaweedfs@$seaweedfs_version" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
  mkdir -p "$(dirname "$weed")"
  (cd "$source_dir" && go build -o "$weed.partial" ./weed)
  mv "$weed.partial" "$weed"
fi
echo "setup-cloud-servers: SeaweedFS at $weed"

fake_gcs=$cache/fake-gcs-server-$fake_gcs_version/fake-gcs-server
if [ ! -x "$fake_gcs" ]; then
  echo "setup-cloud-servers: building fake-gcs-server $fake_gcs_version"
  GOBIN=$(dirname "$fake_gcs") go install "github.com/fsouza/fake-gcs-server@$fake_gcs_version"
fi
echo "setup-cloud-servers: fake-gcs-server at $fake_gcs"
