#!/usr/bin/env bash
# Installs what metasnap's demo, tests and benchmarks need: Java 17, Maven, etcd (server and client),
# PostgreSQL (the clustered scheduler tests start their own server), bc.
# As root it installs the Debian packages; otherwise it names what is missing and stops.
set -euo pipefail
missing=()
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v etcd >/dev/null || [ -x /usr/bin/etcd ] || missing+=(etcd-server)
command -v etcdctl >/dev/null || missing+=(etcd-client)
command -v bc >/dev/null || missing+=(bc)
[ -d /usr/lib/postgresql ] || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing ${missing[*]}..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
# The package starts a system etcd on 2379; metasnap's scripts and tests run their own on free ports.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now etcd postgresql >/dev/null 2>&1 || true; fi
