#!/usr/bin/env bash
# Crash and fault harness: kills metasnap (SIGKILL) at random moments of backup, restore, prune
# and verify and resumes each run with 'metasnap jobs restart'; runs backup, verify and restore
# through a loopback proxy that answers S3 requests 500/503, resets them or delays them 3 s.
# Every result must equal an uninterrupted run's, with no lock and no stray object left.
# Prints one table (scenario, trials, passed, failed) and exits non-zero on any failure.
#
#   scripts/chaos.sh [--trials N] [--seed S] [--only PREFIX]
#       defaults: 20 trials per kill and concurrency scenario, seed 42; etcd and S3 fault
#       scenarios run N/4 times each; --only runs the scenarios whose name starts with PREFIX
#       (e.g. --only "2 homes")
# CI runs the same harness with one trial per scenario in tier 2 (scripts/test.sh --tier2).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
trials=20
seed=42
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --trials) trials="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) echo "usage: scripts/chaos.sh [--trials N] [--seed S] [--only PREFIX]" >&2; exit 2 ;;
  esac
done
"$here/scripts/install-deps.sh"
cd "$here"
mvn -B -ntp -q install -DskipTests
rm -f "$here/cli/target/chaos-table.txt"
status=0
mvn -B -ntp -q -Ptier2 -pl cli test -Dtest=ChaosHarnessTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dchaos.trials="$trials" -Dchaos.seed="$seed" -Dchaos.only="$only" >"$here/cli/target/chaos.log" 2>&1 || status=$?
if [ -f "$here/cli/target/chaos-table.txt" ]; then
  cat "$here/cli/target/chaos-table.txt"
else
  echo "the harness did not produce a table; see cli/target/chaos.log" >&2
  status=1
fi
exit "$status"
