import ArgumentParser
import Foundation
import StrataCore

enum InputFiles {
    /// A whole input file, or standard input for nil or "-".
    static func read(_ path: String?) throws -> [UInt8] {
        if path == nil || path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard let data = FileManager.default.contents(atPath: path!) else {
            throw CommandFailure("cannot read \(path!): no such file or not readable")
        }
        return Array(data)
    }
}

enum CommandErrors {
    /// Turns library errors into one-line command failures (data errors are exit code 1).
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as CommandFailure {
            throw e
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
