#!/usr/bin/env bash
# Every check of every project: lint, typecheck, build, unit and integration tests (real Temporal,
# SMTP, IMAP, PostgreSQL and S3-compatible servers on 127.0.0.1; Chromium for the inbox's browser test).
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
