#!/usr/bin/env bash
# Benchmark of SST copying (not a test). In one run, on one S3-compatible server (S3Proxy on
# loopback) holding a generated RisingWave-layout cluster's SSTs of M MB:
#   the copy step of 'metasnap backup --copy-ssts' against a plain parallel copy of the same
#   objects with the same SDK and concurrency (bench-plain-copy), as throughput;
#   a second backup after about 10% new SSTs: only those are copied;
#   metasnap's peak RSS during the copying backup.
# Usage: scripts/bench-ssts.sh [SSTS] [MB]     (default about 200 SSTs of 8 MB)
set -euo pipefail
target_ssts="${1:-200}"
mb="${2:-8}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/install-deps.sh"
. "$here/scripts/lib.sh"
build_jars "$here"
work="$(mktemp -d -t metasnap-bench-ssts-XXXXXX)"
cleanup() {
  [ -n "${ETCD_PID:-}" ] && kill "$ETCD_PID" 2>/dev/null
  [ -n "${S3_PID:-}" ] && kill "$S3_PID" 2>/dev/null
  wait 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT
start_etcd "$work/etcd"
start_s3proxy "$work/s3"
mkdir -p "$S3_BUCKETS/state" "$S3_BUCKETS/backups"
export METASNAP_HOME="$work/home" METASNAP_ETCD_ENDPOINTS="$ETCD_ENDPOINT"
ms() { "$here/metasnap" "$@"; }
tools() { "$here/tools/metasnap-tools" "$@"; }
state="minio://$S3_KEY:$S3_SECRET@$S3_ENDPOINT/state"
export METASNAP_BACKUP_STORAGE_URL="minio://$S3_KEY:$S3_SECRET@$S3_ENDPOINT/backups" METASNAP_BACKUP_STORAGE_DIRECTORY=bench
sst_bytes=$((mb * 1024 * 1024))
manifest="$S3_BUCKETS/backups/bench/manifest.json"
ssts_of() { python3 -c "import json,sys; e=[s for s in json.load(open('$manifest'))['snapshot_metadata'] if s['id']==$1][0]; print('\n'.join(str(i) for i in e['ssts']))"; }
step_seconds() { # step_seconds EXECUTION STEP: the step's duration from the job repository
  ms jobs show "$1" --json | python3 -c "
import json, sys
from datetime import datetime
d = json.load(sys.stdin)
s = [s for s in d['steps'] if s['name'] == '$2'][-1]
t = lambda v: datetime.fromisoformat(v.replace('Z', '+00:00'))
print((t(s['ended_at']) - t(s['started_at'])).total_seconds())"
}

# about 1.5 SSTs stay pinned per epoch of the generated cluster (two compaction groups, compactions)
epochs=$(( target_ssts * 2 / 3 ))
echo "generating a cluster with SSTs of $mb MB ($epochs epochs)..."
tools demo-cluster --state-store "hummock+$state" --tables 6 --keys 1000 --epochs "$epochs" --sst-bytes "$sst_bytes" --seed 3 >/dev/null
ms params set backup_storage_url --value-file <(echo "$METASNAP_BACKUP_STORAGE_URL") >/dev/null
ms params set backup_storage_directory bench >/dev/null

ms backup --remarks "pin only" >/dev/null
ssts_of 1 >"$work/ids"
n=$(wc -l <"$work/ids")
concurrency=4   # BackupSettings' default upload concurrency, which the copy step uses
echo "copying $n SSTs ($((n * mb)) MB) both ways, $concurrency at a time..."

plain_copy() { # the baseline, into its own directory; prints its seconds
  local out
  out=$(tools bench-plain-copy --from "$state" --from-directory hummock_001 --to "$METASNAP_BACKUP_STORAGE_URL" --to-directory "plain-$1" \
    --ids "$work/ids" --concurrency "$concurrency")
  echo "$out" >&2
  echo "$out" | sed -E 's/.* in ([0-9.]+) s .*/\1/'
}
# the baseline runs before and after metasnap's copy (the source is as warm for both), the faster run counts
plain_before=$(plain_copy before)

rss=$( { peak_rss "$here/metasnap" backup --copy-ssts --remarks "first copy" >"$work/copy1.out"; } 3>&1 )
cat "$work/copy1.out"
execution=$(sed -nE 's/.*job execution ([0-9]+).*/\1/p' "$work/copy1.out" | head -1)
copy_s=$(step_seconds "$execution" copySsts)
plain_after=$(plain_copy after)
plain_s=$(echo "if ($plain_before < $plain_after) $plain_before else $plain_after" | bc -l)

new_epochs=$(( epochs / 10 > 0 ? epochs / 10 : 1 ))
tools demo-cluster --state-store "hummock+$state" --append --epochs "$new_epochs" --sst-bytes "$sst_bytes" --seed 4 >/dev/null
ms backup --copy-ssts --remarks "incremental" >"$work/copy2.out"
cat "$work/copy2.out"
ssts_of 3 >"$work/ids2"
fresh=$(sort "$work/ids" "$work/ids" "$work/ids2" | uniq -u | wc -l)
copied2=$(sed -nE 's/^SSTs: ([0-9]+) copied.*/\1/p' "$work/copy2.out")

printf '\n%-52s %12s\n' "measure" "value"
printf '%-52s %12d\n' "SSTs pinned by the first snapshot" "$n"
printf '%-52s %12.2f s\n' "plain parallel copy (bench-plain-copy loop)" "$plain_s"
printf '%-52s %12.2f s\n' "metasnap copySsts step" "$copy_s"
printf '%-52s %12.2f x  (target >= 0.8)\n' "metasnap throughput / plain copy throughput" "$(echo "$plain_s / $copy_s" | bc -l)"
printf '%-52s %12d\n' "new SSTs in the second snapshot" "$fresh"
printf '%-52s %12d    (target: = new SSTs)\n' "SSTs the second backup copied" "$copied2"
printf '%-52s %12d MB (target <= 256)\n' "peak RSS of 'metasnap backup --copy-ssts'" "$rss"
