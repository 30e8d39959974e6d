#!/usr/bin/env bash
# Benchmark of the quick read-only commands (not a test): each command's wall time against
# 'java -version' in the same run, alternating the two, N rounds after one warm-up; prints the
# medians and the median of the per-round ratios (target: each <= 3x).
# Prepares a throwaway etcd, a home with a few jobs and an fs:// location with a few snapshots.
# Usage: scripts/bench-cli.sh [ROUNDS]     (default 9)
set -euo pipefail
rounds="${1:-9}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/scripts/lib.sh"
build_jars "$here"
work="$(mktemp -d -t metasnap-bench-cli-XXXXXX)"
cleanup() { [ -n "${ETCD_PID:-}" ] && kill "$ETCD_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
start_etcd "$work/etcd"
export METASNAP_HOME="$work/home" METASNAP_ETCD_ENDPOINTS="$ETCD_ENDPOINT"
ms() { "$here/metasnap" "$@"; }
tools() { "$here/tools/metasnap-tools" "$@"; }
mkdir -p "$work/backups"
echo "preparing: a generated cluster, 3 backups and a verify into fs://$work/backups ..."
tools demo-cluster --state-store "hummock+fs://$work/state" --tables 3 --keys 2000 >/dev/null
ms params set backup_storage_url "fs://$work/backups" >/dev/null
ms params set backup_storage_directory bench >/dev/null
for i in 1 2 3; do ms backup --remarks "bench $i" >/dev/null; done
ms verify --all >/dev/null
location=(--backup-storage-url "fs://$work/backups" --backup-storage-directory bench)

# time_once CMD... : wall seconds of one run, output discarded
time_once() {
  local t0 t1
  t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
  echo $(( t1 - t0 ))
}

# The floor under every command: picocli's own help command (picocli.AutoComplete) run from the same
# jar with the launcher's JVM options and class data archive, doing nothing of metasnap's.
floor() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:SharedArchiveFile="$here/cli/target/metasnap.jsa" -Xlog:cds=off \
  -cp "$here/cli/target/metasnap.jar" picocli.AutoComplete --help; }

commands=("--help" "list ${location[*]}" "epoch 3603859827458048" "epoch 3603859827458048 --offline" "status ${location[*]}" "jobs list" "jobs show 2" "jobs list --json")
printf '%-58s %10s %10s %8s\n' "command" "median s" "java -v s" "ratio"
for c in "(floor: picocli alone)" "${commands[@]}"; do
  run=("$here/metasnap")
  [ "$c" = "(floor: picocli alone)" ] && run=(floor) && c=""
  # shellcheck disable=SC2086 # each entry is a list of words
  time_once "${run[@]}" $c >/dev/null; time_once java -version >/dev/null
  a=(); b=()
  for _ in $(seq 1 "$rounds"); do
    # shellcheck disable=SC2086
    a+=("$(time_once "${run[@]}" $c)")
    b+=("$(time_once java -version)")
  done
  label="metasnap $c"; [ "${run[0]}" = floor ] && label="floor: picocli alone (its help, same jar and JVM options)"
  python3 - "${a[*]}" "${b[*]}" "$label" <<'PY'
import statistics, sys
a = [int(x) / 1e9 for x in sys.argv[1].split()]
b = [int(x) / 1e9 for x in sys.argv[2].split()]
ratio = statistics.median(x / y for x, y in zip(a, b))
print(f"{sys.argv[3][:58]:<58} {statistics.median(a):10.3f} {statistics.median(b):10.3f} {ratio:7.1f}x")
PY
done
echo "(ratio: median over rounds of metasnap's wall time / java -version's in the same round; target <= 3x)"
