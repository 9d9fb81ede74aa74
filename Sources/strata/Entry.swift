import ArgumentParser
import Foundation
import StrataCLI
import StrataCore

/// Parses with swift-argument-parser (usage errors, --help, --version as it prints them) and
/// reports every failure of the work itself as one `strata: <message>` line with a non-zero exit.
@main
enum Entry {
    static func main() async {
        var command: ParsableCommand
        do {
            command = try StrataCommand.parseAsRoot()
        } catch {
            StrataCommand.exit(withError: error)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            fail(failure.description, failure.exitCode)
        } catch {
            // ArgumentParser's own outcomes (help, `strata help <command>`, usage errors, clean
            // exits) print as it prints them; its CommandError type is internal, hence the name test.
            if error is ValidationError || error is CleanExit || error is ExitCode
                || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
                StrataCommand.exit(withError: error)
            }
            fail("\(error)", 1)
        }
    }

    static func fail(_ message: String, _ code: Int32) -> Never {
        FileHandle.standardError.write(Data("strata: \(message)\n".utf8))
        exit(code)
    }
}
