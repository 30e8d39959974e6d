#!/usr/bin/env bash
# Benchmark of the backup job (not a test). In one run, on one etcd:
#   wall time of './metasnap backup' against 'etcdctl snapshot save',
#   the export step's rate against a raw paged read of the same keys,
#   metasnap's peak RSS.
# Usage: scripts/bench-backup.sh [KEYS] [VALUE_BYTES]     (default 1000000 keys of 200 bytes)
set -euo pipefail
keys="${1:-1000000}"
value_bytes="${2:-200}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/install-deps.sh"
. "$here/scripts/lib.sh"
build_jars "$here"
work="$(mktemp -d -t metasnap-bench-XXXXXX)"
cleanup() { [ -n "${ETCD_PID:-}" ] && kill "$ETCD_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
start_etcd "$work/etcd"
export METASNAP_HOME="$work/home" METASNAP_ETCD_ENDPOINTS="$ETCD_ENDPOINT"
mkdir -p "$work/backups"
ms() { "$here/metasnap" "$@"; }
tools() { "$here/tools/metasnap-tools" "$@"; }


echo "generating $keys keys of $value_bytes bytes..."
tools demo-cluster --state-store "hummock+fs://$work/state" --tables 10 --keys "$keys" --value-bytes "$value_bytes" >/dev/null
ms params set backup_storage_url "fs://$work/backups" >/dev/null
ms params set backup_storage_directory bench >/dev/null
ETCDCTL_API=3 etcdctl --endpoints "$ETCD_ENDPOINT" endpoint status -w table

t0=$(now); ETCDCTL_API=3 etcdctl --endpoints "$ETCD_ENDPOINT" snapshot save "$work/etcd.snapshot.db" >/dev/null; t1=$(now)
etcdctl_s=$(echo "$t1 - $t0" | bc -l)

raw_line=$(tools bench-raw-read)
raw_rate=$(echo "$raw_line" | sed -E 's/.*= ([0-9]+) keys\/s.*/\1/')

t0=$(now); rss=$( { peak_rss "$here/metasnap" backup --remarks bench >"$work/backup.out"; } 3>&1 ); t1=$(now)
backup_s=$(echo "$t1 - $t0" | bc -l)
cat "$work/backup.out"
execution=$(sed -E 's/.*job execution ([0-9]+).*/\1/' "$work/backup.out")
ms jobs show "$execution" | sed -n '/^steps:/,$p'
export_line=$(ms jobs show "$execution" | awk '$1 == "exportMetaKeys"')
export_keys=$(echo "$export_line" | awk '{print $4}')
export_s=$(echo "$export_line" | awk '{print $7}')
export_rate=$(echo "$export_keys / $export_s" | bc -l)

printf '\n%-44s %12s\n' "measure" "value"
printf '%-44s %12.2f s\n' "etcdctl snapshot save" "$etcdctl_s"
printf '%-44s %12.2f s\n' "metasnap backup (whole process)" "$backup_s"
printf '%-44s %12.2f x  (target <= 1.5)\n' "backup wall time / etcdctl snapshot save" "$(echo "$backup_s / $etcdctl_s" | bc -l)"
printf '%-44s %12.0f keys/s\n' "raw paged read (same keys, same page size)" "$raw_rate"
printf '%-44s %12.0f keys/s\n' "export step" "$export_rate"
printf '%-44s %12.2f x  (target >= 0.9)\n' "export rate / raw read rate" "$(echo "$export_rate / $raw_rate" | bc -l)"
printf '%-44s %12d MB   (target <= 256)\n' "metasnap backup peak RSS" "$rss"
