import Foundation
import Testing
@testable import Parser

@Suite("FDX HTML output")
struct FDXHTMLTests {
    @Test("HTML is a self-contained, escaped, screenplay-styled page")
    func html() throws {
        let tree = FountainParser.parse("""
            Title: Tags & <Things>

            INT. LAB - NIGHT #7#

            A <script>alert("x")</script> **bold** & *soft* _under_.

            BRICK
            (beat)
            Screw it.

            STEEL ^
            No.

            """)
        let html = String(decoding: HTMLWriter.render(tree), as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<style>") && !html.contains("<link") && !html.contains("src="))
        #expect(!html.contains("<script>"))
        #expect(html.contains("A &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <strong>bold</strong> &amp; <em>soft</em> <u>under</u>."))
        #expect(html.contains("<title>Tags &amp; &lt;Things&gt;</title>"))
        #expect(html.contains("class=\"scene-number\">7<"))
        #expect(html.components(separatedBy: "class=\"dual-side\"").count == 3)
        #expect(html.contains("<p class=\"el parenthetical\">(beat)</p>"))
        // The FDX reader's trees render the same way.
        let fdx = try FDXReader.read(try FDXSupport.fixture("highland.fdx"))
        let page = String(decoding: HTMLWriter.render(fdx), as: UTF8.self)
        #expect(page.contains("<p class=\"el dialogue\">Jump!</p>"))
        #expect(page.contains("Is this line too on the nose?"))
    }
}
