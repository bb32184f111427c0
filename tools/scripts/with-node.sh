#!/usr/bin/env bash
# Runs a command on a Node the workspace supports (node-runtime.sh: use_supported_node).
source "$(dirname "$0")/node-runtime.sh"
use_supported_node
exec "$@"
