// GoYAML module: work in progress.
