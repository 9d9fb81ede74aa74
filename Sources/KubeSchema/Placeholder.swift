// KubeSchema module: work in progress.
