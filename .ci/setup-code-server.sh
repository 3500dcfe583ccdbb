#!/usr/bin/env bash
# Installs code-server (real VS Code 1.117 server + web workbench) and headless Chromium for the
# extension tests in test/vscode/, offline except for npm and Debian. Reuses what is already there.
# The install takes minutes of native builds, so it lives in the tool cache outside the clone, by
# version (a fresh clone on this machine reuses it), and .tools/code-server links to it. A real
# .tools/code-server folder made before the cache existed is used where it is.
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.117.0
if [ -d .tools/code-server ] && [ ! -L .tools/code-server ]; then
  prefix=$PWD/.tools/code-server
else
  cache=${RUNLENS_TOOL_CACHE:-$HOME/.cache/runlens-tools}
  prefix=$cache/code-server-$version
  mkdir -p "$cache" .tools
  ln -sfn "$prefix" .tools/code-server
  echo "setup-code-server: $prefix (linked from .tools/code-server)"
fi
installed=$prefix/node_modules/code-server/package.json
# Written by code-server's postinstall (which builds VS Code's modules): a complete install has it.
postinstalled=$prefix/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg
# @vscode/ripgrep as pinned by code-server 4.117.0, and the rg release its postinstall fetches.
ripgrep_pkg=1.17.1
ripgrep_release=v15.0.1

# code-server's postinstall insists on Node 22; so does better-sqlite3 13 in the extension host.
case "$(node --version)" in
  v22.*) ;;
  *) echo "setup-code-server: need Node 22 first on PATH (found $(node --version))" >&2; exit 1 ;;
esac

# Debian packages: rg seeds @vscode/ripgrep, chromium drives the workbench, the rest build
# code-server's native modules (argon2, kerberos, spdlog, native-watchdog, deviceid) from source.
packages=(ripgrep chromium build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-code-server: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Two clones setting up at once build the shared install once.
exec 9>"$prefix.lock"
flock 9
installed_version() { node -p 'require(process.argv[1]).version' "$installed"; }
if [ -f "$installed" ] && [ -x "$postinstalled" ] && [ "$(installed_version)" = "$version" ]; then
  echo "setup-code-server: code-server $version already present"
  exit 0
fi

# @vscode/ripgrep's postinstall would download rg from GitHub; it takes a cached tarball instead.
tmp=$(node -p "require('os').tmpdir()")
cache="$tmp/vscode-ripgrep-cache-$ripgrep_pkg"
tarball="$cache/ripgrep-$ripgrep_release-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$tarball" ]; then
  mkdir -p "$cache"
  staging=$(mktemp -d)
  cp "$(command -v rg)" "$staging/rg"
  tar czf "$tarball" -C "$staging" rg
  rm -rf "$staging"
fi

# Native modules must build against Node 22's headers, not whatever nodedir npmrc names.
export npm_config_nodedir
npm_config_nodedir=$(dirname "$(dirname "$(command -v node)")")
# node-pty's postinstall runs `npx node-gyp`; root needs unsafe-perm for code-server's postinstall.
export npm_config_yes=true npm_config_unsafe_perm=true
rm -rf "$prefix"
mkdir -p "$prefix"
echo "setup-code-server: installing code-server $version (1-2 minutes)"
npm install --no-audit --no-fund --prefix "$prefix" "code-server@$version"
if [ "$(installed_version)" != "$version" ]; then
  echo "setup-code-server: found code-server $(installed_version) after installing $version" >&2
  exit 1
fi
if [ ! -x "$postinstalled" ]; then
  echo "setup-code-server: code-server's postinstall did not complete (no lib/vscode ripgrep)" >&2
  rm -rf "$prefix"
  exit 1
fi
echo "setup-code-server: code-server $version installed"
