#!/usr/bin/env bash
# Regenerates Fixtures/clusters/: for each scenario and Kubernetes version, the etcd snapshot
# file `strata cluster generate` writes (seed 1) and a YAML export of everything under /registry.
# The engine is deterministic: running this twice gives identical files, and the test
# EngineClusterTests/ClusterFixturesTests regenerates the db files and compares them byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
STRATA=${STRATA:-}
if [ -z "$STRATA" ]; then
    swift build --product strata >/dev/null
    STRATA="$(swift build --show-bin-path)/strata"
fi
out=Fixtures/clusters
mkdir -p "$out"
for scenario in fresh deployment demo; do
    for version in 1.33 1.34 1.35 1.36; do
        db="$out/$scenario-$version.db"
        "$STRATA" cluster generate --scenario "$scenario" --kube-version "$version" --seed 1 --out "$db"
        "$STRATA" get --file "$db" --prefix /registry --kube-version "$version" -o yaml > "$out/$scenario-$version.yaml"
    done
done
ls -l "$out"
