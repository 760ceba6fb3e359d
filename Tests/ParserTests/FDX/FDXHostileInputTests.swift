import Foundation
import Testing
@testable import Parser

/// Hostile and broken inputs: each must end in a clear error with a position, quickly, without
/// reading anything but the input.
@Suite("FDX hostile input")
struct FDXHostileInputTests {
    func error(_ text: String, path: String = "evil.fdx") -> FDXError? {
        error(Array(text.utf8), path: path)
    }

    func error(_ bytes: [UInt8], path: String = "evil.fdx") -> FDXError? {
        do {
            _ = try FDXReader.read(SourceFile(path: path, bytes: bytes))
            return nil
        } catch {
            return error
        }
    }

    @Test("Billion laughs fails fast at the first entity declaration")
    func billionLaughs() throws {
        var doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE FinalDraft [\n <!ENTITY lol \"lol\">\n"
        for i in 1...9 {
            let prev = i == 1 ? "lol" : "lol\(i - 1)"
            doc += " <!ENTITY lol\(i) \"" + String(repeating: "&\(prev);", count: 10) + "\">\n"
        }
        doc += "]>\n<FinalDraft><Content><Paragraph Type=\"Action\"><Text>&lol9;</Text></Paragraph></Content></FinalDraft>\n"
        let clock = ContinuousClock()
        var e: FDXError?
        let elapsed = clock.measure { e = error(doc) }
        let err = try #require(e)
        #expect(err.message.contains("entity declaration"))
        #expect(err.line == 3)
        #expect(elapsed < .seconds(1))
        // The never-throwing entry gives one error diagnostic instead.
        let tree = FDXReader.parse(SourceFile(path: "evil.fdx", bytes: Array(doc.utf8)))
        #expect(tree.elements.isEmpty)
        #expect(tree.diagnostics.map(\.id) == [FDXDiagnostics.malformed])
    }

    @Test("An external entity naming a local file is refused and its content never appears")
    func externalEntity() throws {
        let secret = "/etc/passwd"
        let doc = """
            <?xml version="1.0"?>
            <!DOCTYPE FinalDraft [ <!ENTITY xxe SYSTEM "file://\(secret)"> ]>
            <FinalDraft><Content><Paragraph Type="Action"><Text>&xxe;</Text></Paragraph></Content></FinalDraft>
            """
        let err = try #require(error(doc))
        #expect(err.line == 2)
        #expect(err.message.contains("xxe"))
        let tree = FDXReader.parse(SourceFile(path: "evil.fdx", bytes: Array(doc.utf8)))
        let everything = String(decoding: tree.source.bytes + ASTJSON.encode(tree), as: UTF8.self)
            + tree.diagnostics.map(\.message).joined()
        #expect(!everything.contains("root:"))
        // An undeclared entity (no DTD at all) and an external DTD are refused too.
        let undeclared = try #require(error("<FinalDraft><Content><Paragraph><Text>&xxe;</Text></Paragraph></Content></FinalDraft>"))
        #expect(undeclared.message.contains("xxe"))
        let dtd = try #require(error("<?xml version=\"1.0\"?>\n<!DOCTYPE FinalDraft SYSTEM \"file:///etc/passwd\">\n<FinalDraft/>"))
        #expect(dtd.message.contains("external DTD"))
        let pe = try #require(error("<!DOCTYPE FinalDraft [ <!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p; ]><FinalDraft/>"))
        #expect(pe.message.contains("entity declaration"))
    }

    @Test("Deep nesting stops with an error, not a stack overflow")
    func deepNesting() throws {
        let depth = 100_000
        let doc = "<FinalDraft>" + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "</FinalDraft>"
        let err = try #require(error(doc))
        #expect(err.message.contains("nested"))
        #expect(err.line == 1 && err.column > 12)
    }

    @Test("A truncated file reports where it ends")
    func truncated() throws {
        let full = String(decoding: try FDXSupport.fixture("trelby.fdx").bytes, as: UTF8.self)
        let cut = String(full.prefix(full.utf8.count / 2))
        let err = try #require(error(cut))
        #expect(err.line > 1)
        #expect(err.description.hasPrefix("evil.fdx:\(err.line):\(err.column): error: "))
    }

    @Test("Wrong root element, non-XML text and an empty file are clear errors")
    func notFDX() throws {
        let html = try #require(error("<?xml version=\"1.0\"?>\n<html><body>hi</body></html>"))
        #expect(html.message.contains("<html>") && html.message.contains("FinalDraft"))
        #expect(html.line == 2 && html.column == 1)
        let fountain = try #require(error("INT. HOUSE - DAY\n\nHello.\n"))
        #expect(fountain.line == 1)
        let empty = try #require(error([UInt8]()))
        #expect(empty.message.contains("empty"))
    }

    @Test("Invalid UTF-8 is reported at its line")
    func invalidUTF8() throws {
        var bytes = Array("<FinalDraft><Content>\n<Paragraph Type=\"Action\"><Text>caf".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("</Text></Paragraph></Content></FinalDraft>".utf8)
        let err = try #require(error(bytes))
        #expect(err.line == 2)
        #expect(err.message.lowercased().contains("utf-8"))
    }

    @Test("Inputs over the size limit are refused before parsing")
    func sizeLimit() throws {
        let bytes = Array("<FinalDraft><Content></Content></FinalDraft>".utf8)
        #expect(throws: XMLParseError.self) {
            _ = try XMLTree.parse(bytes, options: XMLTree.ParseOptions(maxBytes: 16))
        }
        #expect(XMLTree.ParseOptions().maxBytes == 64 << 20)
    }

    @Test("Random corruptions of a valid file never crash and always give a positioned error or a tree")
    func fuzz() throws {
        let base = try FDXSupport.fixture("finaldraft12.fdx").bytes
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[i] = [0x3C, 0x3E, 0x26, 0x22, 0x2F, 0x00, 0xFF, 0x41][Int.random(in: 0..<8, using: &rng)]
            }
            let tree = FDXReader.parse(SourceFile(path: "fuzz.fdx", bytes: bytes))
            if let d = tree.diagnostics.first(where: { $0.id == FDXDiagnostics.malformed }) {
                #expect(d.range.start >= 0 && d.range.start <= bytes.count)
            }
            _ = FDXWriter.write(tree)
        }
    }
}
