import Parser
let tree = FountainParser.parse(SourceFile(path: "x", text: "INT. HOUSE - DAY\n\nBOB\nHi *there*.\n"))
print(TreeDump.render(tree))
