import Testing

/// Every test that starts an etcd runs inside this suite, one at a time: several etcd servers
/// loading thousands of keys at once overload a small CI machine and turn into timeouts.
@Suite(.serialized) struct LiveEtcdCommandTests {}
