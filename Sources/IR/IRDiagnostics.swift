import Parser

/// The catalog of semantic diagnostics (lowering, directives, passes). IDs are stable; messages
/// are lower-case and quote source text with '…'.
public enum IRDiagnostics {
    public static let unknownDirective: DiagnosticID = "ir.unknown-directive"
    public static let unknownKey: DiagnosticID = "ir.unknown-key"
    public static let badValue: DiagnosticID = "ir.bad-value"
    public static let badUnit: DiagnosticID = "ir.bad-unit"
    public static let wrongScope: DiagnosticID = "ir.wrong-scope"
    public static let missingArgument: DiagnosticID = "ir.missing-argument"
    public static let duplicateKey: DiagnosticID = "ir.duplicate-key"
    public static let unterminatedQuote: DiagnosticID = "ir.unterminated-quote"
    public static let unusedDirective: DiagnosticID = "ir.unused-directive"
    public static let unknownShotTerm: DiagnosticID = "ir.unknown-shot-term"
    public static let duplicateCast: DiagnosticID = "ir.duplicate-cast"
    public static let castWithoutLines: DiagnosticID = "ir.cast-without-lines"
    public static let unknownVoice: DiagnosticID = "ir.unknown-voice"
    public static let voiceClash: DiagnosticID = "ir.voice-clash"
    public static let unknownTransition: DiagnosticID = "ir.unknown-transition"
    public static let aliasConflict: DiagnosticID = "ir.alias-conflict"

    /// A did-you-mean fix-it replacing `range` with `suggestion`, when there is one.
    static func suggest(_ suggestion: String?, at range: SourceRange) -> [FixIt] {
        guard let suggestion else { return [] }
        return [FixIt(message: "replace with '\(suggestion)'", range: range, replacement: suggestion)]
    }

    static func unknown(
        _ id: DiagnosticID, what: String, _ word: String, at range: SourceRange, candidates: [String],
        severity: Severity = .error
    ) -> Diagnostic {
        unknown(id, what: what, word, at: range, suggestion: EditDistance.closest(to: word, in: candidates), severity: severity)
    }

    /// `unknown` with the suggestion already chosen.
    static func unknown(
        _ id: DiagnosticID, what: String, _ word: String, at range: SourceRange, suggestion best: String?,
        severity: Severity = .error
    ) -> Diagnostic {
        var message = "unknown \(what) '\(word)'"
        if let best { message += "; did you mean '\(best)'?" }
        return Diagnostic(id: id, severity: severity, message: message, range: range, fixIts: suggest(best, at: range))
    }
}

/// Edit distance over Unicode scalars, case-insensitive, for did-you-mean suggestions.
public enum EditDistance {
    /// Optimal-string-alignment distance: insertions, deletions, substitutions and transpositions
    /// of neighbours each cost 1 (`tnese` → `tense` is one edit).
    public static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a.lowercased().unicodeScalars), Array(b.lowercased().unicodeScalars))
    }

    static func distance(_ x: [Unicode.Scalar], _ y: [Unicode.Scalar]) -> Int {
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        let w = y.count + 1
        var d = [Int](repeating: 0, count: (x.count + 1) * w)
        for i in 0...x.count { d[i * w] = i }
        for j in 0...y.count { d[j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var v = min(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { v = min(v, d[(i - 2) * w + j - 2] + 1) }
                d[i * w + j] = v
            }
        }
        return d[x.count * w + y.count]
    }

    /// The candidate nearest to `word`, if it is near enough to be a likely typo: at most a third
    /// of the word's length (at least 1, at most 3) edits away. Ties go to the earlier candidate.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let limit = min(3, max(1, word.unicodeScalars.count / 3))
        var best: (String, Int)?
        let x = Array(word.lowercased().unicodeScalars)
        for c in candidates {
            let y = Array(c.lowercased().unicodeScalars)
            // The distance is at least the difference in length.
            if abs(x.count - y.count) > limit { continue }
            let d = distance(x, y)
            if d <= limit, best == nil || d < best!.1 { best = (c, d) }
        }
        if best == nil {
            // A prefix of a longer name ('push' for 'push-in') is also worth suggesting.
            let w = word.lowercased()
            if w.count >= 3, let c = candidates.first(where: { $0.lowercased().hasPrefix(w) }) { return c }
        }
        return best?.0
    }
}
