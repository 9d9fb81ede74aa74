import GoJSON
import ProtoWire

/// The stored form of an object's previous version, so that an update re-encodes only what
/// changed: a top-level field (a pod's `spec` on a status write) or a managedFields entry whose
/// value is the same as before is copied from the old bytes instead of being encoded again. The
/// encoder is deterministic, so for bytes it wrote itself the copy is exactly what encoding would
/// give.
public struct PreviousEncoding: Sendable {
    /// The previous object's top-level members.
    let members: [JSONMember]
    let stored: [UInt8]
    /// Top-level field number → byte range (tag, length and content) in `stored`, for message
    /// fields that occur once.
    let fields: [Int: Range<Int>]

    /// Nil when `stored` is not a protobuf value this can take apart.
    public init?(object: JSONValue, stored: [UInt8]) {
        guard case .object(let members) = object else { return nil }
        let fields: [Int: Range<Int>]? = stored.withUnsafeBytes { raw in
            guard let envelope = try? Envelope.parse(raw), let payload = envelope.raw else { return nil }
            var r = WireReader(raw)
            r.position = payload.lowerBound
            var found: [Int: Range<Int>] = [:]
            var repeated = Set<Int>()
            do {
                while r.position < payload.upperBound {
                    let start = r.position
                    guard let (field, wire) = try r.readTag() else { break }
                    if wire == .lengthDelimited {
                        let content = try r.readLengthDelimited()
                        if found.updateValue(start..<content.upperBound, forKey: field) != nil { repeated.insert(field) }
                    } else {
                        try r.skip(wire)
                        repeated.insert(field)
                    }
                }
            } catch {
                return nil
            }
            guard r.position == payload.upperBound else { return nil }
            for field in repeated { found[field] = nil }
            return found
        }
        guard let fields else { return nil }
        self.members = members
        self.stored = stored
        self.fields = fields
    }

    /// metadata.managedFields of the previous version: each entry's value and the byte range of
    /// its field (tag, length and content) in `stored`. Empty when the two do not pair up.
    func managedFieldsEntries(metadataNumber: Int, managedFieldsNumber: Int) -> [(value: JSONValue, bytes: Range<Int>)] {
        guard let metadata = fields[metadataNumber],
              case .array(let values)? = members.first(where: { $0.key == "metadata" })?.value["managedFields"],
              !values.isEmpty else { return [] }
        let ranges: [Range<Int>]? = stored.withUnsafeBytes { raw in
            var r = WireReader(raw)
            r.position = metadata.lowerBound
            var found: [Range<Int>] = []
            do {
                _ = try r.readTag()
                let content = try r.readLengthDelimited()
                r.position = content.lowerBound
                while r.position < content.upperBound {
                    let start = r.position
                    guard let (field, wire) = try r.readTag() else { return nil }
                    if field == managedFieldsNumber {
                        guard wire == .lengthDelimited else { return nil }
                        found.append(start..<(try r.readLengthDelimited()).upperBound)
                    } else {
                        try r.skip(wire)
                    }
                }
            } catch {
                return nil
            }
            return found
        }
        guard let ranges, ranges.count == values.count else { return [] }
        return zip(values, ranges).map { ($0, $1) }
    }

    /// The old bytes of field `number` when the member `name` has the same value as before.
    func unchanged(_ name: String, number: Int, value: JSONValue) -> ArraySlice<UInt8>? {
        guard let range = fields[number] else { return nil }
        for m in members where m.key == name {
            // Same buffer (a status write keeps the stored spec) answers at once.
            return m.value == value ? stored[range] : nil
        }
        return nil
    }
}
