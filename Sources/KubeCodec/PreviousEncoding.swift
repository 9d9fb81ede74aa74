import GoJSON
import ProtoWire

/// The stored form of an object's previous version, so that an update re-encodes only what
/// changed: a top-level field (a pod's `spec` on a status write) whose value is the same as
/// before is copied from the old bytes instead of being encoded again. The encoder is
/// deterministic, so for bytes it wrote itself the copy is exactly what encoding would give.
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
