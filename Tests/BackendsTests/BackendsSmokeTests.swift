import Testing
@testable import Backends
import Parser

@Test func backendsModuleLinks() {
    #expect(FountainParser.parse("INT. A - DAY\n").elements.count == 1)
}
