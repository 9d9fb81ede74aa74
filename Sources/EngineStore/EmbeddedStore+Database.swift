import Bolt
import BoltWriter

extension EmbeddedStore {
    /// The store's whole state as an etcd 3.4 bbolt database image (what `member/snap/db` holds).
    /// Equal operations on equal configurations give identical bytes.
    public func databaseImage() throws(BoltWriteError) -> [UInt8] {
        let configuration = self.configuration
        let buckets = try state.withLock { core throws(BoltWriteError) in
            try EtcdDatabaseLayout.buckets(of: core, configuration: configuration)
        }
        return try BoltDatabaseWriter().build(buckets: buckets)
    }

    /// Writes the database atomically (temp file, fsync, rename). `asSnapshot` appends the
    /// SHA-256 trailer that `etcdctl snapshot save` writes and `snapshot restore` requires.
    /// The pages go to the file as they are filled: the image is never in memory whole.
    public func writeDatabase(to path: String, asSnapshot: Bool) throws(BoltWriteError) {
        let configuration = self.configuration
        let buckets = try state.withLock { core throws(BoltWriteError) in
            try EtcdDatabaseLayout.buckets(of: core, configuration: configuration)
        }
        try AtomicFile.write(to: path, appendingSnapshotChecksum: asSnapshot) { fd, temporary throws(BoltWriteError) in
            try BoltDatabaseWriter().write(buckets: buckets, toDescriptor: fd, path: temporary)
        }
    }

    /// Loads a db file written by `writeDatabase` (or an etcd 3.4/3.5 snapshot or data-dir db),
    /// so a saved cluster can be resumed. A snapshot's SHA-256 trailer, when present, must match.
    public static func load(from path: String, configuration: Configuration = Configuration()) throws(EtcdDatabaseError) -> EmbeddedStore {
        let db: BoltDatabase
        do { db = try BoltDatabase(path: path) } catch { throw EtcdDatabaseError(error.description) }
        let core = try EtcdDatabaseLoader.load(db, settings: configuration.settings, now: configuration.clock.nanoseconds())
        return EmbeddedStore(configuration: configuration, core: core)
    }
}
