#!/usr/bin/env bash
# Regenerates man/strata.1 from the command definitions (swift-argument-parser's generate-manual,
# which reads `strata --experimental-dump-help`). Run after changing a command or flag.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${SCRATCH:-.build}
swift build --scratch-path "$scratch" --product strata >/dev/null
swift build --scratch-path "$scratch" --product generate-manual >/dev/null
bin=$(swift build --scratch-path "$scratch" --show-bin-path)
mkdir -p man
# A fixed date keeps the page byte-stable between runs.
"$bin/generate-manual" "$bin/strata" --date 2026-11-23 --authors "The Strata authors" --output-directory man
echo "wrote man/strata.1"
