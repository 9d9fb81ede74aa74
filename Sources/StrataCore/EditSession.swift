import EtcdModel
import Foundation

/// `strata edit KEY`: the stored object in the editor, then a compare-and-swap write.
/// Like kubectl edit: an invalid document reopens the editor with the error on top; a change made
/// by someone else meanwhile is never overwritten (the user's text is kept in a backup file and
/// the editor reopens on the current version).
public struct EditSession: Sendable {
    public var key: [UInt8]
    public var codec: any StoredValueCodec
    public var editor: EditorLauncher
    /// Where the edit buffer and backups go.
    public var directory: String

    public init(key: [UInt8], codec: any StoredValueCodec, editor: EditorLauncher,
                directory: String = NSTemporaryDirectory()) {
        self.key = key
        self.codec = codec
        self.editor = editor
        self.directory = directory
    }

    public enum Outcome: Sendable, Equatable {
        case cancelled
        /// Written; the key's new mod revision.
        case saved(revision: Int64)
    }

    static let instructions = [
        "Please edit the object below. Lines beginning with a '#' at the top will be ignored,",
        "and an empty file will abort the edit. The write happens only if nobody changed the",
        "object meanwhile (compare-and-swap on its mod revision).",
    ]

    /// `messages` receives what is not data (conflict notices, backup paths), for stderr.
    public func run(_ etcd: any LiveEtcd, messages: (String) -> Void) async throws -> Outcome {
        let keyText = String(decoding: key, as: UTF8.self)
        guard var current = try await etcd.range(RangeRequest(key: key)).kvs.first else {
            throw CommandFailure("key not found: \(keyText)")
        }
        var original = try codec.editableDocument(for: current)
        var body = original
        var notes: [String] = []
        var lastInvalid: [UInt8]?
        let buffer = try makeBufferPath()
        defer { try? FileManager.default.removeItem(atPath: buffer) }

        while true {
            let header = Self.header(key: keyText, revision: current.modRevision, notes: notes)
            try write(header + body, to: buffer)
            try editor.edit(buffer)
            let edited = Self.stripHeader(try read(buffer), header: header)

            if Self.isBlank(edited) {
                messages("Edit cancelled, the file was empty.")
                return .cancelled
            }
            if edited == original {
                messages("Edit cancelled, no changes made.")
                return .cancelled
            }
            if let lastInvalid, edited == lastInvalid {
                let backup = try saveBackup(edited, keyText: keyText)
                throw CommandFailure("Edit cancelled, no valid changes were saved (your text is in \(backup))")
            }
            let value: [UInt8]
            do {
                value = try codec.storedValue(fromDocument: edited, key: key, existing: current.value)
            } catch {
                notes = ["The edited object is not valid and was not saved:"]
                    + String(describing: error).split(separator: "\n").map(String.init)
                lastInvalid = edited
                body = edited
                continue
            }
            let txn = TxnRequest(compare: [Compare(key: key, .equal, .modRevision(current.modRevision))],
                                 success: [.put(PutRequest(key: key, value: value))],
                                 failure: [.range(RangeRequest(key: key))])
            let response = try await etcd.txn(txn)
            if response.succeeded { return .saved(revision: response.header.revision) }

            let backup = try saveBackup(edited, keyText: keyText)
            guard let latest = WriteOperation.currentValue(response) else {
                throw CommandFailure("\(keyText) was deleted while you were editing; nothing was written; your version is saved in \(backup)")
            }
            messages("\(keyText) was changed by someone else while you were editing (mod_revision \(current.modRevision) -> \(latest.modRevision)); nothing was written; your version is saved in \(backup); reopening with the current version")
            current = latest
            original = try codec.editableDocument(for: latest)
            body = original
            lastInvalid = nil
            notes = ["This object was changed by someone else while you were editing (now mod_revision \(latest.modRevision)).",
                     "Below is the current version; your previous edit is saved in \(backup)"]
        }
    }

    static func header(key: String, revision: Int64, notes: [String]) -> [UInt8] {
        var lines = instructions + ["", "key: \(key)  mod_revision: \(revision)"]
        if !notes.isEmpty { lines += [""] + notes }
        return Array(lines.map { $0.isEmpty ? "#\n" : "# \($0)\n" }.joined().utf8)
    }

    /// Removes the header we wrote; if the user altered it, drops the leading `#` lines instead.
    static func stripHeader(_ text: [UInt8], header: [UInt8]) -> [UInt8] {
        if text.starts(with: header) { return Array(text[header.count...]) }
        var i = 0
        while i < text.count, text[i] == UInt8(ascii: "#") {
            guard let nl = text[i...].firstIndex(of: UInt8(ascii: "\n")) else { return [] }
            i = nl + 1
        }
        return Array(text[i...])
    }

    static func isBlank(_ text: [UInt8]) -> Bool {
        text.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
    }

    func makeBufferPath() throws -> String {
        (directory as NSString).appendingPathComponent("strata-edit-\(UUID().uuidString.prefix(8)).yaml")
    }

    func saveBackup(_ text: [UInt8], keyText: String) throws -> String {
        let safe = keyText.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }
        let name = "strata-edit-backup-\(String(safe).suffix(80))-\(UUID().uuidString.prefix(8)).yaml"
        let path = (directory as NSString).appendingPathComponent(name)
        try write(text, to: path)
        return path
    }

    func write(_ bytes: [UInt8], to path: String) throws {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandFailure("cannot write \(path): \(error.localizedDescription)")
        }
    }

    func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read the edited file \(path)")
        }
        return Array(data)
    }
}
