import ArgumentParser

/// The `scriptc` command tree. Each subcommand lives in its own file.
@main
struct Scriptc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scriptc",
        abstract: "A compiler for screenplays: Fountain and Final Draft in, IR, plans and animatics out.",
        version: "0.1.0",
        subcommands: [
            ParseCommand.self,
            BuildCommand.self,
            ConvertCommand.self,
        ]
    )

    /// ArgumentParser's own usage errors (unknown options, bad values, failed validation) exit
    /// with status 2 like every other usage error, instead of its default 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            IO.stderr(fullMessage(for: error) + "\n")
            exit(withError: ScriptcExit.usage)
        }
    }
}
