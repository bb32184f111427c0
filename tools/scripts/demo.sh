#!/usr/bin/env bash
# The main job on the embedded defaults: install, build, dev server + worker + ingress + task inbox,
# sample emails, outcomes; in a terminal it then keeps the inbox up with one purchase awaiting approval.
source "$(dirname "$0")/node-runtime.sh"
use_supported_node
source "$(dirname "$0")/bootstrap.sh"
npx nx run-many -t build -p worker starter ingress-app inbox --outputStyle=static
npx tsx tools/temporal/src/bin/run-demo.ts
