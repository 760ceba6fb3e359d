import Foundation
@testable import Parser

/// Helpers shared by the FDX tests: fixtures, and a neutral view of FDX paragraphs read back
/// with libxml2 (through `XMLTree`).
enum FDXSupport {
    static let fixtures: String = {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/fdx").path
    }()

    static func fixture(_ name: String) throws -> SourceFile {
        let path = fixtures + "/" + name
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return SourceFile(path: path, bytes: [UInt8](data))
    }

    static func fdx(_ text: String, path: String = "<test>.fdx") -> SourceFile {
        SourceFile(path: path, bytes: Array(text.utf8))
    }

    /// A body of `<Paragraph>`s wrapped in a minimal Final Draft document.
    static func document(_ body: String) -> SourceFile {
        fdx("""
            <?xml version="1.0" encoding="UTF-8" standalone="no" ?>
            <FinalDraft DocumentType="Script" Template="No" Version="5">
            <Content>
            \(body)
            </Content>
            </FinalDraft>
            """)
    }

    /// (kind, text) of every element.
    static func elements(_ tree: Screenplay) -> [String] {
        tree.elements.map { "\($0.type.rawValue): \(tree.text(of: $0))" }
    }

    /// Styled runs of every element, as `text/styles` strings; unstyled runs are left out.
    static func styled(_ tree: Screenplay) -> [String] {
        var out: [String] = []
        for e in tree.elements {
            for run in tree.inline(of: e).runs where !run.style.isEmpty {
                out.append("\(run.text)/\(run.style.names.joined(separator: "+"))")
            }
        }
        return out
    }

    /// One FDX paragraph as read back from XML: its type, its text, its styled runs (adjacent runs
    /// of one style merged), alignment and page-break flag.
    struct Para: Equatable, CustomStringConvertible {
        var type: String
        var text: String
        var styled: [String]
        var centered: Bool
        var newPage: Bool
        var number: String?
        var dual: Bool

        var description: String {
            "\(type)\(centered ? "[center]" : "")\(newPage ? "[page]" : "")\(dual ? "[dual]" : "")\(number.map { "#\($0)" } ?? ""): \(text) \(styled)"
        }
    }

    /// The body paragraphs of an FDX document (DualDialogue members flagged), empty ones dropped.
    static func paragraphs(_ bytes: [UInt8]) throws -> [Para] {
        let tree = try XMLTree.parse(bytes, options: XMLTree.ParseOptions(expectedRoot: "FinalDraft"))
        guard let root = tree.root, let content = tree.child("Content", of: root) else { return [] }
        var out: [Para] = []
        var pendingPage = false
        func visit(_ node: XMLTree.NodeID, dual: Bool, newPage: Bool) {
            if newPage { pendingPage = true }
            for child in tree.children(node) {
                switch tree.name(child) {
                case "DualDialogue":
                    visit(child, dual: true, newPage: newPage)
                case "Paragraph":
                    let page = tree.attribute("StartsNewPage", of: child) == "Yes" || pendingPage
                    pendingPage = false
                    if let inner = tree.child("DualDialogue", of: child) {
                        visit(inner, dual: true, newPage: page)
                        continue
                    }
                    var text = ""
                    var runs: [(String, String)] = []
                    for t in tree.children(child) where tree.name(t) == "Text" {
                        let s = tree.text(t)
                        text += s
                        let style = (tree.attribute("Style", of: t) ?? "").split(separator: "+")
                            .filter { ["Bold", "Italic", "Underline"].contains(String($0)) }.joined(separator: "+")
                        if let last = runs.last, last.1 == style {
                            runs[runs.count - 1].0 += s
                        } else {
                            runs.append((s, style))
                        }
                    }
                    let lines = text.replacingOccurrences(of: "\u{2028}", with: "\n")
                    if lines.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
                    out.append(Para(
                        type: tree.attribute("Type", of: child) ?? "", text: lines,
                        styled: runs.filter { !$0.1.isEmpty }.map { "\($0.0)/\($0.1)" },
                        centered: tree.attribute("Alignment", of: child) == "Center",
                        newPage: page,
                        number: tree.attribute("Number", of: child), dual: dual))
                default:
                    break
                }
            }
        }
        visit(content, dual: false, newPage: false)
        return out
    }
}
