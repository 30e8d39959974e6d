# Shared helpers for metasnap's scripts: free ports and a throwaway etcd on loopback.

free_port() {
  python3 - <<'PY' 2>/dev/null || shuf -i 20000-60000 -n 1
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# start_etcd DIR -> sets ETCD_ENDPOINT and ETCD_PID
start_etcd() {
  local dir="$1" client peer metrics
  client=$(free_port); peer=$(free_port); metrics=$(free_port)
  mkdir -p "$dir"
  etcd --name n1 --data-dir "$dir/data" \
    --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "n1=http://127.0.0.1:$peer" --listen-metrics-urls "http://127.0.0.1:$metrics" \
    --logger=zap --log-level=error --quota-backend-bytes=8589934592 >"$dir/etcd.log" 2>&1 &
  ETCD_PID=$!
  ETCD_ENDPOINT="http://127.0.0.1:$client"
  for _ in $(seq 1 100); do
    if ETCDCTL_API=3 etcdctl --endpoints "$ETCD_ENDPOINT" endpoint health >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "etcd did not start; see $dir/etcd.log" >&2
  return 1
}

now() { date +%s.%N; }

# peak_rss CMD... : runs CMD, prints its peak resident set (VmHWM, sampled) in MB on fd 3
peak_rss() {
  "$@" & local pid=$! hwm=0 v
  while kill -0 "$pid" 2>/dev/null; do
    v=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v
    sleep 0.05
  done
  wait "$pid"
  echo $((hwm / 1024)) >&3
}
