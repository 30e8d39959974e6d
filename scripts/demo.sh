#!/usr/bin/env bash
# The main job on local defaults: a throwaway etcd and local storage, a generated cluster,
# one backup, the snapshot list, then everything is removed again.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/install-deps.sh"
. "$here/scripts/lib.sh"
work="$(mktemp -d -t metasnap-demo-XXXXXX)"
cleanup() { [ -n "${ETCD_PID:-}" ] && kill "$ETCD_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
start_etcd "$work/etcd"
export METASNAP_HOME="$work/home" METASNAP_ETCD_ENDPOINTS="$ETCD_ENDPOINT"
mkdir -p "$work/backups"
ms() { echo "+ metasnap $*"; "$here/metasnap" "$@"; }
tools() { echo "+ metasnap-tools $*"; "$here/tools/metasnap-tools" "$@"; }
tools demo-cluster --state-store "hummock+fs://$work/state" --data-directory hummock_001 --tables 20 --keys 20000
ms params set backup_storage_url "fs://$work/backups"
ms params set backup_storage_directory backup
ms backup --remarks "demo"
ms list
ms jobs list
echo "demo finished; removing $work"
