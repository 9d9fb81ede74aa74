#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EtcdModel

/// Reads key-values from any etcdctl output form (or a bare value), incrementally: the input is
/// read in chunks, so memory follows the largest record, not the input size (except `raw`, which
/// is one value, and a single huge `-w json` response, which is parsed whole).
public struct EtcdInputReader {
    public let form: EtcdInputForm
    private let input: ChunkedInput
    private var decoder: Decoder

    private enum Decoder {
        case raw(RawFormDecoder)
        case simple(SimpleFormDecoder)
        case value(ValueFormDecoder)
        case json(JSONFormDecoder)
        case protobuf(ProtobufFormDecoder)
        case hex(HexFormDecoder)
        case fields(FieldsFormDecoder)
    }

    /// Reads from an open descriptor (not closed by the reader). `form` nil means autodetect.
    public init(fd: Int32, form: EtcdInputForm? = nil, chunkSize: Int = 1 << 16) throws {
        try self.init(input: ChunkedInput(fd: fd, ownsDescriptor: false, chunkSize: chunkSize), form: form)
    }

    public init(path: String, form: EtcdInputForm? = nil, chunkSize: Int = 1 << 16) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw EtcdInputError(offset: 0, message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        try self.init(input: ChunkedInput(fd: fd, ownsDescriptor: true, chunkSize: chunkSize), form: form)
    }

    public init(bytes: [UInt8], form: EtcdInputForm? = nil) throws {
        try self.init(input: ChunkedInput(bytes: bytes), form: form)
    }

    private init(input: ChunkedInput, form: EtcdInputForm?) throws {
        self.input = input
        if let form {
            self.form = form
        } else {
            _ = try input.fill(atLeast: 64)
            self.form = EtcdInputForm.detect(prefix: input.withAvailable { Array($0.prefix(64)) })
        }
        switch self.form {
        case .raw: decoder = .raw(RawFormDecoder())
        case .simple: decoder = .simple(SimpleFormDecoder())
        case .value: decoder = .value(ValueFormDecoder())
        case .json: decoder = .json(JSONFormDecoder())
        case .protobuf: decoder = .protobuf(ProtobufFormDecoder())
        case .hex: decoder = .hex(HexFormDecoder())
        case .fields: decoder = .fields(FieldsFormDecoder())
        }
    }

    public static func detect(prefix: [UInt8]) -> EtcdInputForm {
        EtcdInputForm.detect(prefix: prefix)
    }

    /// The next key-value (key empty for forms that carry no keys), or nil at the end.
    public mutating func next() throws -> KeyValue? {
        switch decoder {
        case .raw(var d): defer { decoder = .raw(d) }; return try d.next(input)
        case .simple(var d): defer { decoder = .simple(d) }; return try d.next(input)
        case .value(var d): defer { decoder = .value(d) }; return try d.next(input)
        case .json(var d): defer { decoder = .json(d) }; return try d.next(input)
        case .protobuf(var d): defer { decoder = .protobuf(d) }; return try d.next(input)
        case .hex(var d): defer { decoder = .hex(d) }; return try d.next(input)
        case .fields(var d): defer { decoder = .fields(d) }; return try d.next(input)
        }
    }

    /// All remaining key-values (convenience for small inputs and tests).
    public mutating func readAll() throws -> [KeyValue] {
        var all: [KeyValue] = []
        while let kv = try next() { all.append(kv) }
        return all
    }

    /// The largest number of input bytes held at once so far.
    public var peakBufferedBytes: Int { input.peakBufferedBytes }
}
