# Sourced by the workspace scripts: installs npm packages when needed and the pinned Temporal binaries.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
# npm ci on a fresh checkout, or when the lockfile changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx tsx tools/temporal/src/bin/ensure.ts
