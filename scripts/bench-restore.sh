#!/usr/bin/env bash
# Benchmark of the restore job (not a test). In one run: restore a snapshot of KEYS keys into an
# empty etcd with './metasnap restore', and load the same keys into another empty etcd with a
# plain batched-put loader (same transaction size, same number in flight); print the
# throughput ratio and metasnap's peak RSS.
# Usage: scripts/bench-restore.sh [KEYS] [VALUE_BYTES]     (default 1000000 keys of 200 bytes)
set -euo pipefail
keys="${1:-1000000}"
value_bytes="${2:-200}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/install-deps.sh"
. "$here/scripts/lib.sh"
build_jars "$here"
work="$(mktemp -d -t metasnap-bench-XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
start_etcd "$work/source"; source_ep=$ETCD_ENDPOINT; pids+=("$ETCD_PID")
start_etcd "$work/target"; target_ep=$ETCD_ENDPOINT; pids+=("$ETCD_PID")
start_etcd "$work/plain"; plain_ep=$ETCD_ENDPOINT; pids+=("$ETCD_PID")
export METASNAP_HOME="$work/home"
mkdir -p "$work/backups"
ms() { "$here/metasnap" "$@"; }
tools() { "$here/tools/metasnap-tools" "$@"; }

echo "generating and backing up $keys keys of $value_bytes bytes..."
tools demo-cluster --etcd-endpoints "$source_ep" --state-store "hummock+fs://$work/state" --tables 10 --keys "$keys" --value-bytes "$value_bytes" >/dev/null
ms params set --etcd-endpoints "$source_ep" backup_storage_url "fs://$work/backups" >/dev/null
ms params set --etcd-endpoints "$source_ep" backup_storage_directory bench >/dev/null
ms backup --etcd-endpoints "$source_ep"
storage=(--backup-storage-url "fs://$work/backups" --backup-storage-directory bench)

t0=$(now)
rss=$( { peak_rss "$here/metasnap" restore --meta-snapshot-id 1 --etcd-endpoints "$target_ep" "${storage[@]}" \
    --hummock-storage-url "hummock+fs://$work/state" --hummock-storage-directory hummock_001 >"$work/restore.out"; } 3>&1 )
t1=$(now)
restore_s=$(echo "$t1 - $t0" | bc -l)
head -1 "$work/restore.out"
execution=$(head -1 "$work/restore.out" | sed -E 's/.*job execution ([0-9]+).*/\1/')
ms jobs show "$execution" | sed -n '/^steps:/,$p'
write_line=$(ms jobs show "$execution" | awk '$1 == "writeMetaKeys"')
written=$(echo "$write_line" | awk '{print $4}')
write_s=$(echo "$write_line" | awk '{print $7}')

t0=$(now)
plain_line=$(tools bench-plain-load --meta-snapshot-id 1 --etcd-endpoints "$plain_ep" "${storage[@]}")
t1=$(now)
plain_process_s=$(echo "$t1 - $t0" | bc -l)
echo "$plain_line"
plain_rate=$(echo "$plain_line" | sed -E 's/.*= ([0-9]+) keys\/s.*/\1/')

printf '\n%-50s %12s\n' "measure" "value"
printf '%-50s %12.0f keys/s\n' "plain batched-put loader (load loop only)" "$plain_rate"
printf '%-50s %12.0f keys/s\n' "restore writeMetaKeys step" "$(echo "$written / $write_s" | bc -l)"
printf '%-50s %12.2f x  (target >= 1.0)\n' "write step / plain loader" "$(echo "$written / $write_s / $plain_rate" | bc -l)"
printf '%-50s %12.2f s\n' "plain loader, whole process" "$plain_process_s"
printf '%-50s %12.2f s\n' "metasnap restore, whole process (incl. verify)" "$restore_s"
printf '%-50s %12.2f x\n' "restore throughput / plain loader, whole processes" "$(echo "$plain_process_s / $restore_s" | bc -l)"
printf '%-50s %12d MB   (target <= 256)\n' "metasnap restore peak RSS" "$rss"
