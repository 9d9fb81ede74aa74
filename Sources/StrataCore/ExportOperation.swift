#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EtcdModel
import Foundation

/// `strata export DIR`: every live object as a file (see `ExportLayout`) plus `index.jsonl`.
/// Works from any source. Each file is written under a temporary name and renamed when complete,
/// and `index.jsonl` appears only when the whole export finished, so an interrupted export never
/// leaves a half-written file that looks complete.
public struct ExportOperation: Sendable {
    public var directory: String
    public var force: Bool
    /// 0 = latest.
    public var revision: Int64
    public var etcdPrefix: String
    public var showProgress: Bool

    public init(directory: String, force: Bool = false, revision: Int64 = 0, etcdPrefix: String = "/registry", showProgress: Bool = true) {
        self.directory = directory
        self.force = force
        self.revision = revision
        self.etcdPrefix = etcdPrefix
        self.showProgress = showProgress
    }

    public struct Outcome: Sendable, Equatable {
        public var revision: Int64
        public var objects: Int
        public var rawFiles: Int
        /// Values that looked like objects but did not decode; written raw (and counted in `rawFiles`).
        public var undecodable: Int
    }

    public func run(from source: any KeyValueSource, printerOptions: RecordPrinter.Options = .init(format: .yaml)) async throws -> Outcome {
        try prepareDirectory()
        let all = RangeQuery(key: [0], rangeEnd: [0], revision: revision)
        var countQuery = all
        countQuery.countOnly = true
        let total = try await source.range(countQuery).count
        let progress = showProgress ? ExportProgress.forStandardError(total: total) : nil
        defer { progress?.finish() }

        let indexTemp = directory + "/.index.jsonl.partial"
        let index = try FileWriter(path: indexTemp)
        var created = Set<String>()
        var objects = 0, raw = 0
        // Decoding errors are counted and summarized, not printed once per object.
        let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { if devNull >= 0 { close(devNull) } }
        let quiet = OutputSink(fd: devNull)
        var undecodable = 0
        let (rev, _) = try await source.scan(all) { kv in
            var isObject = isKubernetesObject(kv.value)
            var relative = ExportLayout.relativePath(for: kv.key, isObject: isObject, etcdPrefix: etcdPrefix,
                                                     objectExtension: Self.fileExtension(printerOptions.format))
            try ensureParent(of: relative, created: &created)
            if isObject {
                let decoded = try writeAtomically(directory + "/" + relative) { fd in
                    let sink = OutputSink(fd: fd)
                    let printer = RecordPrinter(options: printerOptions, sink: sink, errors: quiet)
                    printer.print(kv)
                    printer.finish()
                    return printer.failures == 0
                }
                if !decoded {
                    // A value that looks like an object but does not decode is kept as it is stored.
                    unlink(directory + "/" + relative)
                    undecodable += 1
                    isObject = false
                    relative = ExportLayout.relativePath(for: kv.key, isObject: false, etcdPrefix: etcdPrefix)
                }
            }
            if !isObject {
                let path = directory + "/" + relative
                _ = try writeAtomically(path) { fd in
                    try FileWriter.writeAll(fd: fd, kv.value, path: path)
                    return true
                }
            }
            if isObject { objects += 1 } else { raw += 1 }
            let meta = kv.value.withUnsafeBytes { AnalyzeTypeMeta.typeMeta(of: $0) }
            try index.write(ExportIndexLine(kv: kv, path: relative, apiVersion: meta?.apiVersion, kind: meta?.kind).json)
            progress?.update(Int64(objects + raw))
        }
        try index.close()
        guard rename(indexTemp, directory + "/index.jsonl") == 0 else {
            throw CommandFailure("cannot write \(directory)/index.jsonl: \(String(cString: strerror(errno)))")
        }
        return Outcome(revision: revision > 0 ? revision : rev, objects: objects, rawFiles: raw, undecodable: undecodable)
    }

    static func fileExtension(_ format: OutputFormat) -> String {
        switch format {
        case .yaml: return "yaml"
        case .json, .jsonl: return "json"
        case .raw: return "bin"
        case .proto: return "pb"
        }
    }

    func isKubernetesObject(_ value: [UInt8]) -> Bool {
        value.withUnsafeBytes {
            let e = AnalyzeTypeMeta.encoding(of: $0)
            return e == .protobuf || e == .json
        }
    }

    /// Refuses to write into a non-empty directory unless forced; creates it when missing.
    func prepareDirectory() throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDir) {
            guard isDir.boolValue else { throw CommandFailure("\(directory) exists and is not a directory") }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            if !entries.isEmpty && !force {
                throw CommandFailure("\(directory) is not empty (\(entries.count) entries); use --force to export into it anyway")
            }
        } else {
            do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw CommandFailure("cannot create \(directory): \(error.localizedDescription)")
            }
        }
    }

    func ensureParent(of relative: String, created: inout Set<String>) throws {
        let path = directory + "/" + relative
        let parent = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
        guard !created.contains(parent) else { return }
        do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw CommandFailure("cannot create \(parent): \(error.localizedDescription)")
        }
        created.insert(parent)
    }

    /// Writes through a temporary name next to `path`, renaming only after success (when `body`
    /// returns false the file is still written; the caller decides what to do with it).
    @discardableResult
    func writeAtomically(_ path: String, _ body: (Int32) throws -> Bool) throws -> Bool {
        let temp = path + ".partial"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CommandFailure("cannot write \(temp): \(String(cString: strerror(errno)))") }
        let result: Bool
        do {
            result = try body(fd)
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        guard close(fd) == 0, rename(temp, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temp)
            throw CommandFailure("cannot write \(path): \(why)")
        }
        return result
    }
}

/// A file written with checked `write(2)` calls (OutputSink does not report errors).
final class FileWriter {
    let path: String
    let fd: Int32
    var buffer: [UInt8] = []

    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count > 1 << 16 { try flush() }
    }

    func flush() throws {
        try FileWriter.writeAll(fd: fd, buffer, path: path)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        guard Glibc.close(fd) == 0 else { throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    static func writeAll(fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                guard let base = raw.baseAddress else { return }
                let n = Glibc.write(fd, base + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))") }
                offset += n
            }
        }
    }
}
