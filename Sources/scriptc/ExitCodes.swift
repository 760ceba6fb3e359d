import ArgumentParser

/// Exit statuses shared by every subcommand: 0 success, 1 error diagnostics in the input,
/// 2 usage or I/O errors (`Scriptc.main` maps ArgumentParser's own usage errors to 2 as well).
enum ScriptcExit {
    static let diagnostics = ExitCode(1)
    static let usage = ExitCode(2)
}

/// A user-facing failure (bad path, unreadable file, unwritable output): printed as
/// `scriptc: error: …` and exits with status 2.
struct UserError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
