// Bolt module: work in progress.
