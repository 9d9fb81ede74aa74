// EtcdOffline module: work in progress.
