/// Why YAML input could not be turned into JSON values, with the 1-based position in the text
/// (0 when the underlying parser gave none).
public struct YAMLInputError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        line > 0 ? "YAML error at line \(line), column \(column): \(message)" : "YAML error: \(message)"
    }
}
