#!/usr/bin/env bash
# Runs the tests against real etcd, S3Proxy and PostgreSQL processes the tests start themselves.
#   scripts/test.sh           tier 1: unit, step, job end-to-end and CLI tests (installs the jars)
#   scripts/test.sh --tier2   tier 2: the long chaos harness and clustered-scheduler scenarios
# Other arguments go to Maven.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/install-deps.sh"
cd "$here"
if [ "${1:-}" = --tier2 ]; then
  shift
  exec mvn -B -ntp -Ptier2 verify "$@"
fi
exec mvn -B -ntp install "$@"
