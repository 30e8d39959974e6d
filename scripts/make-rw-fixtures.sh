#!/usr/bin/env bash
# Regenerates the RisingWave hummock test fixtures (core/src/test/resources/rw/*.bin) from their text
# format (*.txtpb) and schema (hummock_subset.proto) with the real protoc, so the decoder is tested
# against bytes its own encoder did not write. protoc comes from Maven Central
# (com.google.protobuf:protoc, exe, linux-x86_64); the build fetches the same version into ~/.m2, and
# this script fetches it when missing.
# Usage: scripts/make-rw-fixtures.sh [PROTOC_VERSION]     (default 3.25.8, the build's)
set -euo pipefail
version="${1:-3.25.8}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$here/core/src/test/resources/rw"
artifact="com.google.protobuf:protoc:$version:exe:linux-x86_64"
jar="$HOME/.m2/repository/com/google/protobuf/protoc/$version/protoc-$version-linux-x86_64.exe"
if [ ! -f "$jar" ]; then
  mvn -q dependency:get -Dartifact="$artifact" -Dtransitive=false
fi
work="$(mktemp -d -t rw-fixtures-XXXXXX)"
trap 'rm -rf "$work"' EXIT
cp "$jar" "$work/protoc"
chmod +x "$work/protoc"
encode() { # encode MESSAGE NAME: NAME.txtpb -> NAME.bin
  "$work/protoc" --proto_path="$dir" --encode="hummock.$1" hummock_subset.proto <"$dir/$2.txtpb" >"$dir/$2.bin"
  echo "$2.bin: $(wc -c <"$dir/$2.bin") bytes ($1)"
}
encode HummockVersionCheckpoint checkpoint_300
for delta in delta_301 delta_302 delta_303; do
  encode HummockVersionDelta "$delta"
done
