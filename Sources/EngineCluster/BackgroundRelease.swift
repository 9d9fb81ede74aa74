import Foundation

/// Frees a large object graph on a thread of its own. A settled 1,000-node cluster is millions of
/// small objects; releasing them is about 3% of a `scale` run, and the caller (writing the db
/// file, or returning a report) does not need to wait for it.
enum BackgroundRelease {
    private final class Handoff<Object: AnyObject>: @unchecked Sendable {
        var object: Object?
        init(_ object: Object) { self.object = object }
    }

    /// The caller must give up its own references right after this call; the thread waits for
    /// that (up to ten seconds, however busy the machine) so that the last release, and with it
    /// the whole teardown, is its own.
    static func release<Object: AnyObject>(_ object: Object) {
        let handoff = Handoff(object)
        Thread.detachNewThread {
            for _ in 0..<2000 {
                if isKnownUniquelyReferenced(&handoff.object) { break }
                usleep(5000)
            }
            handoff.object = nil
        }
    }
}
