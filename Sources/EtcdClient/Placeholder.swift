// EtcdClient module: work in progress.
