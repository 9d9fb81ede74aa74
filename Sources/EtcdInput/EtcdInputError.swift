/// Input that cannot be read in the chosen form, with the byte offset in the stream.
public struct EtcdInputError: Error, Equatable, CustomStringConvertible {
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "cannot read input at byte \(offset): \(message)" }
}
