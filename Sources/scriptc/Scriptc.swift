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
}
