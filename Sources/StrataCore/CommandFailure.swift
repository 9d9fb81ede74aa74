/// An error a command reports to the user as one line on stderr (and a non-zero exit).
public struct CommandFailure: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    /// Process exit status; 1 unless a command documents otherwise.
    public let exitCode: Int32

    public init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}
