#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file calls the client needs, with errors turned into messages.
enum FileSystem {
    static func isReadableFile(_ path: String) -> Bool {
        access(path, R_OK) == 0
    }

    static func errnoText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }
}
