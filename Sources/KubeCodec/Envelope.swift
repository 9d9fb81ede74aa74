import ProtoWire

/// The `k8s\0` + runtime.Unknown envelope kube-apiserver wraps every protobuf value in.
public struct Envelope: Equatable, Sendable {
    public static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    public var apiVersion: String
    public var kind: String
    /// Absolute byte range of `raw` inside the stored value (nil when the field is absent).
    public var raw: Range<Int>?
    public var contentEncoding: String
    public var contentType: String

    public static func hasMagic(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x6B && bytes[1] == 0x38 && bytes[2] == 0x73 && bytes[3] == 0x00
    }

    /// Parses the envelope of a stored value that starts with `k8s\0`.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(CodecError) -> Envelope {
        guard hasMagic(bytes) else { throw CodecError(.malformed, "not a Kubernetes protobuf value (no k8s\\0 prefix)") }
        var env = Envelope(apiVersion: "", kind: "", raw: nil, contentEncoding: "", contentType: "")
        var r = WireReader(bytes)
        r.position = 4
        do {
            while let (field, wire) = try r.readTag() {
                switch (field, wire) {
                case (1, .lengthDelimited):
                    var tm = r.sub(try r.readLengthDelimited())
                    while let (f, w) = try tm.readTag() {
                        switch (f, w) {
                        case (1, .lengthDelimited): env.apiVersion = tm.string(try tm.readLengthDelimited())
                        case (2, .lengthDelimited): env.kind = tm.string(try tm.readLengthDelimited())
                        default: try tm.skip(w)
                        }
                    }
                case (2, .lengthDelimited): env.raw = try r.readLengthDelimited()
                case (3, .lengthDelimited): env.contentEncoding = r.string(try r.readLengthDelimited())
                case (4, .lengthDelimited): env.contentType = r.string(try r.readLengthDelimited())
                default: try r.skip(wire)
                }
            }
        } catch {
            throw CodecError.wire(error, in: "envelope")
        }
        return env
    }

    /// Writes `k8s\0` + Unknown{typeMeta{apiVersion, kind}, raw, "", ""} exactly as the apiserver does:
    /// both TypeMeta strings always, contentEncoding and contentType always (empty).
    public static func write(apiVersion: String, kind: String, raw: [UInt8]) -> [UInt8] {
        var w = WireWriter(capacity: raw.count + apiVersion.utf8.count + kind.utf8.count + 16)
        w.bytes.append(contentsOf: magic)
        let tm = w.beginMessage(1)
        w.writeString(1, apiVersion)
        w.writeString(2, kind)
        w.endMessage(tm)
        w.writeBytes(2, raw)
        w.writeString(3, "")
        w.writeString(4, "")
        return w.bytes
    }
}
