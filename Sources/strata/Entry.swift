import ArgumentParser
import Foundation
import StrataCLI
import StrataCore

@main
enum Entry {
    static func main() async {
        do {
            var command = try StrataCommand.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("strata: \(failure.description)\n".utf8))
            exit(failure.exitCode)
        } catch {
            StrataCommand.exit(withError: error)
        }
    }
}
