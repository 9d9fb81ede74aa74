import Foundation
import Testing

/// `--help` everywhere: every command and subcommand prints its help on stdout and exits 0,
/// and `strata help <command>` does the same.
@Suite struct HelpTests {
    static let commands: [[String]] = [
        [], ["decode"], ["encode"], ["get"], ["put"], ["edit"], ["delete"], ["watch"], ["snapshot"], ["snapshot", "save"],
        ["snapshot", "status"], ["history"], ["diff"], ["analyze"], ["hashkv"], ["export"], ["cluster"], ["cluster", "generate"],
    ]

    @Test(arguments: commands)
    func helpPrintsUsageAndSucceeds(_ command: [String]) throws {
        let result = try Strata.run(command + ["--help"])
        #expect(result.status == 0, "\(command): \(result.stderr)")
        #expect(result.stdout.hasPrefix("OVERVIEW:"), "\(command): \(result.stdout.prefix(200))")
        #expect(result.stdout.contains("USAGE: strata" + (command.isEmpty ? "" : " " + command.joined(separator: " "))))
        #expect(result.stderr.isEmpty)
    }

    @Test func helpSubcommandPrintsTheCommandsHelp() throws {
        let result = try Strata.run(["help", "get"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("USAGE: strata get"))
    }

    @Test func usageErrorsExitWith64AndSayWhy() throws {
        let result = try Strata.run(["get", "--no-such-flag"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Unknown option '--no-such-flag'"))
        #expect(result.stdout.isEmpty)
    }
}
