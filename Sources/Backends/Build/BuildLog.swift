import Foundation

/// Build progress on stderr: one rewritten line on a terminal, plain log lines otherwise (CI,
/// files, pipes), or nothing.
public struct BuildLog: Sendable {
    public enum Mode: Sendable { case progressLine, lines, quiet }
    public let mode: Mode

    public init(mode: Mode) { self.mode = mode }

    /// A progress line when stderr is a terminal, log lines otherwise.
    public static var automatic: BuildLog {
        BuildLog(mode: isatty(STDERR_FILENO) == 1 ? .progressLine : .lines)
    }

    public static let quiet = BuildLog(mode: .quiet)

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// A line of its own (not a node's progress), unless quiet.
    func note(_ text: String) {
        switch mode {
        case .progressLine: write("\r\u{1B}[2K\(text)\n")
        case .lines: write("\(text)\n")
        case .quiet: break
        }
    }

    func begin(total: Int) {
        if mode == .lines { write("build: \(total) nodes\n") }
    }

    func started(_ label: String, progress: (done: Int, total: Int, ran: Int, cached: Int)) {
        guard mode == .progressLine else { return }
        write("\r\u{1B}[2K[\(progress.done)/\(progress.total)] \(progress.cached) cached · \(label)")
    }

    func finished(_ label: String, seconds: Double, failed: Bool, progress: (done: Int, total: Int, ran: Int, cached: Int)) {
        switch mode {
        case .lines:
            write("\(failed ? "failed" : "ran") \(label) (\(String(format: "%.2f", seconds)) s)\n")
        case .progressLine:
            write("\r\u{1B}[2K[\(progress.done)/\(progress.total)] \(progress.cached) cached · \(label) done")
        case .quiet:
            break
        }
    }

    func end(_ summary: BuildSummary) {
        switch mode {
        case .progressLine: write("\r\u{1B}[2K")
        case .lines, .quiet: break
        }
    }
}
