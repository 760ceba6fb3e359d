import Testing
@testable import IR
import Parser

@Test func irModuleLinksParser() {
    #expect(FountainParser.parse("BOB\nHi.\n").elements.count == 2)
}
