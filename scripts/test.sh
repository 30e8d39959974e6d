#!/usr/bin/env bash
# Runs every test: unit, step, job end-to-end (real etcd and S3Proxy, started by the tests) and CLI.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/install-deps.sh"
cd "$here"
exec mvn -B -ntp install "$@"
