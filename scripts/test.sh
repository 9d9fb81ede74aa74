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
