import Testing
@testable import Parser

@Test func parsesAHeadingAndDialogue() {
    let tree = FountainParser.parse("INT. HOUSE - DAY\n\nBOB\nHi.\n")
    #expect(tree.elements.map(\.type) == [.sceneHeading, .character, .dialogue])
    #expect(FountainPrinter.print(tree) == Array("INT. HOUSE - DAY\n\nBOB\nHi.\n".utf8))
}
