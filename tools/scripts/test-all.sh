#!/usr/bin/env bash
# Every check of every project: lint, typecheck, build, unit and integration tests (real Temporal servers).
source "$(dirname "$0")/bootstrap.sh"
npx nx sync:check
npx nx run-many -t lint typecheck build test --outputStyle=static --skip-nx-cache "$@"
