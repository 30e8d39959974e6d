# Shared helpers for metasnap's scripts: the jars, free ports and a throwaway etcd on loopback.

# build_jars ROOT: metasnap.jar and the tools jar (demo-cluster, bench-*), built when either is
# missing, so that no first-run build lands inside something a script times
build_jars() {
  if [ ! -f "$1/cli/target/metasnap.jar" ] || [ ! -f "$1/tools/target/metasnap-tools.jar" ]; then
    echo "building metasnap.jar and metasnap-tools.jar..." >&2
    (cd "$1" && mvn -q -B -DskipTests -pl tools -am package) >&2
  fi
}

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

# start_s3proxy DIR -> sets S3_ENDPOINT, S3_PID, S3_BUCKETS (a directory per bucket) and S3_KEY/S3_SECRET
start_s3proxy() {
  local dir="$1" port jar
  jar="${METASNAP_S3PROXY_JAR:-$HOME/.m2/repository/org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar}"
  [ -f "$jar" ] || { echo "S3Proxy jar not found at $jar; run scripts/test.sh once (Maven fetches it)" >&2; return 1; }
  port=$(free_port)
  S3_KEY=metasnap-bench S3_SECRET=metasnap-bench-secret S3_BUCKETS="$dir/buckets"
  mkdir -p "$S3_BUCKETS"
  cat >"$dir/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_KEY
s3proxy.credential=$S3_SECRET
jclouds.provider=filesystem
jclouds.filesystem.basedir=$S3_BUCKETS
PROPS
  java -Xmx512m -jar "$jar" --properties "$dir/s3proxy.properties" >"$dir/s3proxy.log" 2>&1 &
  S3_PID=$!
  S3_ENDPOINT="127.0.0.1:$port"
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "S3Proxy did not start; see $dir/s3proxy.log" >&2
  return 1
}
