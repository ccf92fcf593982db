#!/usr/bin/env bash
# Loads a `newsindex export --to quickwit` directory into a two-node Quickwit cluster on
# loopback and prints each node's counts next to newsindex's for the same questions.
#
#   scripts/quickwit_cluster.sh EXPORT_DIR [NEWSINDEX_ARGS...]
#
# NEWSINDEX_ARGS (e.g. --index DIR) are passed to the newsindex commands it compares with.
# Needs ../shared/tools/quickwit (the binary and node.yaml), curl, python3 and xz.
set -euo pipefail
export_dir=${1:?usage: quickwit_cluster.sh EXPORT_DIR [NEWSINDEX_ARGS...]}
shift
ni=(newsindex "$@")
command -v newsindex >/dev/null || ni=(cargo run --release --locked -q -- "$@")
tools="$(dirname "$0")/../../shared/tools/quickwit"
work=$(mktemp -d)
pids=()
cleanup() { kill -9 "${pids[@]}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

xz -dc "$tools/quickwit.xz" > "$work/quickwit" && chmod +x "$work/quickwit"
node() { # id port peer-port services
  mkdir -p "$work/$1"
  cat > "$work/$1.yaml" <<YAML
version: 0.8
cluster_id: newsindex-cluster
node_id: $1
listen_address: 127.0.0.1
rest:
  listen_port: $2
peer_seeds: ["127.0.0.1:$3"]
data_dir: $work/$1
metastore_uri: $work/shared/indexes
default_index_root_uri: $work/shared/indexes
enabled_services: [$4]
indexer:
  enable_otlp_endpoint: false
jaeger:
  enable_endpoint: false
YAML
  QW_ENABLE_OPENTELEMETRY_OTLP_EXPORTER=false AWS_EC2_METADATA_DISABLED=true \
    "$work/quickwit" run --config "$work/$1.yaml" > "$work/$1.log" 2>&1 &
  pids+=($!)
}
mkdir -p "$work/shared/indexes"
node node-1 7380 7480 "metastore, control_plane, indexer, janitor, searcher"
node node-2 7480 7380 "searcher, indexer"
for port in 7380 7480; do
  for _ in $(seq 1 120); do curl -sf "127.0.0.1:$port/health/readyz" >/dev/null && break; sleep 0.5; done
done
index_id=$(awk '/^index_id:/ {print $2}' "$export_dir/index-config.yaml")
curl -sf -XPOST 127.0.0.1:7380/api/v1/indexes -H 'Content-Type: application/yaml' \
  --data-binary @"$export_dir/index-config.yaml" > /dev/null
i=0
for f in "$export_dir"/paragraphs*.ndjson; do
  port=$(( i % 2 == 0 ? 7380 : 7480 )); i=$((i + 1))
  curl -sf -XPOST "127.0.0.1:$port/api/v1/$index_id/ingest?commit=force" --data-binary @"$f" > /dev/null
done

hits() { # port query
  curl -sf -XPOST "127.0.0.1:$1/api/v1/$index_id/search" -H 'Content-Type: application/json' \
    -d "$(python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1], "max_hits": 0}))' "$2")" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["num_hits"])'
}
total() { "${ni[@]}" query --json -n 0 "$@" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }
top=$("${ni[@]}" entities --kind person -n 1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["person"][0]["name"])')
printf '%-40s %10s %10s %10s\n' question newsindex node-1 node-2
row() { printf '%-40s %10s %10s %10s\n' "$1" "$2" "$(hits 7380 "$3")" "$(hits 7480 "$3")"; }
row "all paragraphs" "$("${ni[@]}" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["paragraphs"])')" "*"
row "text:minister / stems:minist" "$(total text:minister)" "stems:minist"
row "--person \"$top\"" "$(total --person "$top")" "person:\"$top\""
