#!/usr/bin/env bash
# Every check of every project: lint, typecheck, build, unit and integration tests (real Temporal,
# SMTP, IMAP, PostgreSQL and S3-compatible servers on 127.0.0.1; Chromium for the inbox's browser test).
# The whole suite runs on the pinned Node 24 (see node-runtime.sh); smoke runs at the end on the
# oldest Node lines the packages' `engines` claim: 22 (packages with a native module), 20 (the rest).
system_node="$(command -v node)"
source "$(dirname "$0")/node-runtime.sh"
use_node "$NODE_CI_VERSION"
source "$(dirname "$0")/bootstrap.sh"
source tools/scripts/system-deps.sh
install_dovecot
install_postgres
install_moto
install_chromium
npx nx sync:check
# The READMEs' environment tables match the declared variables (defineEnvVariable); about 2 s.
npx tsx --conditions=@org/source tools/scripts/env-tables.ts --check
# docs/ARCHITECTURE.md lists every project's tag and the module-boundary rules the lint enforces.
npx tsx tools/scripts/architecture.ts --check
# One format: Prettier (.prettierrc.json); `npm run format` writes it.
npx prettier --check --log-level warn "**/*.{ts,mts,cts,mjs,cjs}"
npx nx run-many -t lint typecheck build check-package test --outputStyle=static --skip-nx-cache "$@"
# The release configuration resolves (versions, changelogs, tags) without writing anything.
npx nx release --dry-run --skip-publish
# Smoke run on Node 22, the oldest the packages with a native module claim: the stores, and the
# contracts other teams install alone (packed, installed outside the workspace, signalling a workflow).
use_node "$NODE_OLDEST_NATIVE_VERSION"
npx nx run-many -t test -p contracts activities invoice-matching --outputStyle=static --skip-nx-cache
npx nx test integration-tests --outputStyle=static --skip-nx-cache -- src/contracts-install.test.ts
# Smoke run on the machine's own Node when it is 20, which the workflow-safe packages (contracts,
# execute-workflow, thread-kit, workflows: no native module) still claim; nothing here loads better-sqlite3.
if [ "$("$system_node" -p 'process.versions.node.split(".")[0]')" = 20 ]; then
  PATH="$(dirname "$system_node"):$PATH" npx nx run-many -t test -p contracts execute-workflow thread-kit --outputStyle=static --skip-nx-cache
  # invoice-matching: its workflow-safe root entry and its PDF reading (unpdf), without the stores.
  PATH="$(dirname "$system_node"):$PATH" npx nx test invoice-matching --outputStyle=static --skip-nx-cache -- src/__tests__ src/node/__tests__/pdf-text.test.ts src/node/__tests__/read-invoice-rules.test.ts
fi
