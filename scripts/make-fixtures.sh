#!/usr/bin/env bash
# Regenerates Fixtures/etcd/: the objects in Fixtures/objects, encoded by strata, written into a
# throwaway etcd on loopback, and read back with etcdctl in the forms operators pipe into
# `strata decode` (plain `get`, `-w json`). Needs etcd and etcdctl (Debian etcd-server, etcd-client).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${STRATA:-}" ]; then
    swift build --product strata >/dev/null
    STRATA="$(swift build --show-bin-path)/strata"
fi
WORK=$(mktemp -d)
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }
CP=$(port); PP=$(port)
etcd --name fx --data-dir "$WORK/data" \
  --listen-client-urls "http://127.0.0.1:$CP" --advertise-client-urls "http://127.0.0.1:$CP" \
  --listen-peer-urls "http://127.0.0.1:$PP" --initial-advertise-peer-urls "http://127.0.0.1:$PP" \
  --initial-cluster "fx=http://127.0.0.1:$PP" --initial-cluster-state new \
  --unsafe-no-fsync --logger zap --log-level error --log-outputs "$WORK/etcd.log" 2>"$WORK/stderr.log" &
PID=$!
trap 'kill $PID 2>/dev/null; while kill -0 $PID 2>/dev/null; do sleep 0.1; done; rm -rf "$WORK"' EXIT
for _ in $(seq 200); do curl -sf -m 1 "http://127.0.0.1:$CP/health" | grep -q '"health":"true"' && break; sleep 0.05; done
export ETCDCTL_API=3
E="--endpoints=http://127.0.0.1:$CP"
put() { "$STRATA" encode "Fixtures/objects/$2" | etcdctl $E put "$1" >/dev/null; }
put /registry/configmaps/default/settings configmap-settings.yaml
put /registry/deployments/default/web deployment-web.yaml
put /registry/services/specs/default/web service-web.yaml
mkdir -p Fixtures/etcd
etcdctl $E get --prefix /registry > Fixtures/etcd/registry.etcdctl
etcdctl $E get --prefix /registry -w json > Fixtures/etcd/registry.json
echo "wrote Fixtures/etcd/registry.etcdctl and registry.json"
