#!/usr/bin/env python3
"""Lists the group/kind pairs of the Kubernetes API reference (kubernetes-api-fields.json `kinds`),
one per line as `group<TAB>kind<TAB>versions`, core group written as `core`.

The KubeResources tests read the output (Tests/KubeResourcesTests/api-kinds.tsv) to check that
every kind that kube-apiserver persists has a row in the resource table.

usage: scripts/api-kinds.py [path/to/kubernetes-api-fields.json] > Tests/KubeResourcesTests/api-kinds.tsv
"""
import json
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference/kubernetes-api-fields.json"
with open(path) as f:
    kinds = json.load(f)["kinds"]

versions = {}
for k in kinds:
    key = (k["group"] or "core", k["kind"])
    versions.setdefault(key, []).append(k["version"])

for (group, kind), vs in sorted(versions.items()):
    if kind.endswith("List"):
        continue  # list kinds are never stored
    print(f"{group}\t{kind}\t{','.join(vs)}")
