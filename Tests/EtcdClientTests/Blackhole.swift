import Foundation

/// A loopback port that never completes new connections: a listening socket with backlog 0
/// whose accept queue is already full, so the kernel drops further SYNs and `connect` hangs,
/// as it does against a firewalled host. Stays on 127.0.0.1.
final class Blackhole {
    let port: Int
    private var fds: [Int32] = []

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw TestSetupError("socket() failed") }
        fds.append(listener)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, len) == 0 && listen(listener, 0) == 0 && getsockname(listener, $0, &len) == 0
            }
        }
        guard ok else { throw TestSetupError("bind/listen failed") }
        port = Int(UInt16(bigEndian: addr.sin_port))
        // Fill the accept queue (never accepted). Non-blocking, so a filler that is itself
        // dropped does not hang the test.
        for _ in 0..<3 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { continue }
            fds.append(fd)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        Thread.sleep(forTimeInterval: 0.1)
    }

    deinit { for fd in fds { close(fd) } }
}
