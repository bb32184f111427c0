#!/usr/bin/env bash
# The main job on the embedded defaults: install, build, dev server + worker, sample emails, outcomes.
source "$(dirname "$0")/bootstrap.sh"
npx nx run-many -t build -p worker starter ingress-app --outputStyle=static
npx tsx tools/temporal/src/bin/run-demo.ts
