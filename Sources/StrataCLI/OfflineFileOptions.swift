import ArgumentParser
import Bolt
import EtcdOffline
import Foundation
import StrataCore

/// `--file` and what goes with it, for the commands that read snapshots and data dirs.
struct OfflineFileOptions: ParsableArguments {
    @Option(help: "A snapshot file (etcdctl snapshot save), a bbolt db file or an etcd data dir.")
    var file: String?

    @Flag(help: "Recover what can be read from a damaged file by scanning its leaf pages directly.")
    var salvage = false

    @Flag(help: "Read a snapshot even when its SHA-256 trailer does not match.")
    var ignoreChecksum = false

    /// Opens the file; reports on stderr what salvage recovered.
    func open() throws -> OfflineSource? {
        guard let file else { return nil }
        let source = try OfflineSource(path: file, options: .init(salvage: salvage, ignoreChecksum: ignoreChecksum))
        if let s = source.store as? SalvagedStore {
            let pages = s.summary
            FileHandle.standardError.write(Data(("salvage: recovered \(s.recoveredRecords) records from \(pages.leafPages) leaf pages; "
                + "\(pages.unreadablePages) of \(pages.pages) pages unreadable (\(pages.damagedPages.count) damaged, "
                + "\(pages.unrecognizedPages.count) unrecognized); \(s.staleRecordsDropped) compacted records in freed pages ignored\n").utf8))
        }
        if let etcd = source.store as? EtcdStore, case let .mismatch(expected, actual) = etcd.database.trailer {
            FileHandle.standardError.write(Data("warning: \(file): SHA-256 trailer \(expected) does not match the data (\(actual)); reading anyway\n".utf8))
        }
        return source
    }
}
