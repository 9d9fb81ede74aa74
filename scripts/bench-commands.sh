#!/bin/bash
# usage: S=path/to/strata scripts/bench-commands.sh
# Loads 10,000 x 2 KiB keys into a throwaway etcd on loopback and times strata against etcdctl.
set -e
S=${S:-$(pwd)/.build/release/strata}   # or S=path/to/strata
W=/tmp/commands-bench; rm -rf $W; mkdir -p $W; cd $W
etcd --name b --data-dir $W/d --listen-client-urls http://127.0.0.1:23921 --advertise-client-urls http://127.0.0.1:23921 \
  --listen-peer-urls http://127.0.0.1:23922 --initial-advertise-peer-urls http://127.0.0.1:23922 \
  --initial-cluster b=http://127.0.0.1:23922 --initial-cluster-state new --unsafe-no-fsync --logger zap --log-level error --log-outputs $W/e.log > /dev/null 2>&1 &
EPID=$!
trap 'kill $EPID; while kill -0 $EPID 2>/dev/null; do sleep 0.1; done' EXIT
E=http://127.0.0.1:23921
for i in $(seq 100); do curl -sf $E/health >/dev/null && break; sleep 0.1; done
python3 - <<'PY'
import base64, os, requests
s = requests.Session()
for i in range(10000):
    k = base64.b64encode(b"/registry/pods/default/pod-%05d" % i).decode()
    v = base64.b64encode(os.urandom(2048)).decode()
    s.post("http://127.0.0.1:23921/v3/kv/put", json={"key": k, "value": v}).raise_for_status()
PY
export ETCDCTL_API=3
t() { local best=999; for r in 1 2 3 4 5; do local s=$(date +%s.%N); "$@" > /dev/null; local e=$(date +%s.%N); best=$(python3 -c "print(min($best, $e-$s))"); done; printf '%-75s best of 5: %6.0f ms\n' "$*" $(python3 -c "print($best*1000)"); }
t etcdctl --endpoints $E get --prefix /registry/pods --keys-only
t $S get --endpoints $E --prefix /registry/pods --keys-only
t $S get --endpoints $E --transport http --prefix /registry/pods --keys-only
t etcdctl --endpoints $E get --prefix /registry/pods
t $S get --endpoints $E --prefix /registry/pods -o raw
t $S get --endpoints $E --transport http --prefix /registry/pods -o raw
t $S get --endpoints $E --prefix /registry/pods -o raw --chunk-size 5000
t etcdctl --endpoints $E snapshot save $W/e.db
t $S snapshot save $W/s.db --endpoints $E
t $S snapshot save $W/h.db --endpoints $E --transport http
t $S get --file $W/s.db --prefix /registry/pods -o raw
t $S snapshot status $W/s.db
t etcdctl snapshot status $W/e.db
cmp <(etcdctl snapshot status $W/e.db -w json) <($S snapshot status $W/s.db -w json) && echo "snapshot status: same as etcdctl"
rm -f $W/*.db
