import Parser

extension ConformanceCases {
    static let encoding: [ConformanceCase] = [
        ConformanceCase(.encoding, "BOM before a heading", "\u{FEFF}INT. HOUSE - DAY\n\nThey drink.\n",
            [.heading("INT. HOUSE - DAY"), .action("They drink.")]),
        ConformanceCase(.encoding, "BOM before a title page", "\u{FEFF}Title: T\nAuthor: A\n\nThey drink.\n",
            title: [field("Title", "T"), field("Author", "A")], [.action("They drink.")]),
        ConformanceCase(.encoding, "BOM before a cue", "\u{FEFF}BRICK\nHi.\n",
            [.cue("BRICK"), .dialogue("Hi.")]),
        ConformanceCase(.encoding, "CRLF", "INT. HOUSE - DAY\r\n\r\nBRICK\r\nHi.\r\nBye.\r\n",
            [.heading("INT. HOUSE - DAY"), .cue("BRICK"), .dialogue("Hi.\nBye.")]),
        ConformanceCase(.encoding, "lone CR", "INT. HOUSE - DAY\r\rBRICK\rHi.\rBye.\r",
            [.heading("INT. HOUSE - DAY"), .cue("BRICK"), .dialogue("Hi.\nBye.")]),
        ConformanceCase(.encoding, "mixed endings in one paragraph", "Line one.\r\nLine two.\rLine three.\nLine four.\n",
            [.action("Line one.\nLine two.\nLine three.\nLine four.")]),
        ConformanceCase(.encoding, "no final line break", "He waits.\n\nBRICK\nHi.",
            [.action("He waits."), .cue("BRICK"), .dialogue("Hi.")]),
        ConformanceCase(.encoding, "empty file", "", []),
        ConformanceCase(.encoding, "only blank lines", "\n\n  \n\t\n", []),
    ]

    static let scenes: [ConformanceCase] = [
        ConformanceCase(.scenes, "a short scene",
            """
            EXT. BRICK'S PATIO - DAY

            A gorgeous day. The sun is shining.

            BRICK
            (sipping his drink)
            Nice day.

            STEEL
            Is it?

            CUT TO:

            """,
            [.heading("EXT. BRICK'S PATIO - DAY"), .action("A gorgeous day. The sun is shining."),
             .cue("BRICK"), .parenthetical("(sipping his drink)"), .dialogue("Nice day."),
             .cue("STEEL"), .dialogue("Is it?"), .transition("CUT TO:")]),
        ConformanceCase(.scenes, "title page, outline and a dual exchange",
            """
            Title: Brick & Steel
            Author: Stu

            # ACT I

            = The partners argue.

            INT. GARAGE - NIGHT #4#

            BRICK
            Retire?

            STEEL ^
            Retire.

            > THE END <

            """,
            title: [field("Title", "Brick & Steel"), field("Author", "Stu")],
            [.section("ACT I", depth: 1), .synopsis("The partners argue."), .heading("INT. GARAGE - NIGHT", number: "4"),
             .cue("BRICK", dual: .left), .dialogue("Retire?"), .cue("STEEL", dual: .right), .dialogue("Retire."),
             .centered("THE END")]),
        ConformanceCase(.scenes, "notes and boneyard around a speech",
            """
            INT. OFFICE - DAY

            [[Rewrite this scene.]]

            BOSS (V.O.)
            You're fired.[[too blunt?]]
            /* (beat) */
            Sorry.

            ===

            """,
            [.heading("INT. OFFICE - DAY"), .note("Rewrite this scene."),
             .cue("BOSS (V.O.)", name: "BOSS", extensions: ["V.O."]),
             ExpectedElement(type: .dialogue, text: "You're fired.\nSorry.", attributes: [.notes(["too blunt?"])]),
             .pageBreak]),
        ConformanceCase(.scenes, "lyrics and forced elements",
            """
            .MONTAGE

            !QUIET ROOM
            Nobody moves.

            SINGER
            ~Row, row, row
            ~your boat

            >SMASH CUT.

            """,
            [.heading("MONTAGE", forced: true), .action("QUIET ROOM\nNobody moves.", forced: true),
             .cue("SINGER"), .lyrics("Row, row, row\nyour boat"), .transition("SMASH CUT.", forced: true)]),
    ]
}

/// Every conformance table.
enum ConformanceCases {
    static let all: [ConformanceCase] =
        titlePage + sceneHeadings + action + character + dialogue + parenthetical + dualDialogue + lyrics
        + transition + centered + emphasis + notes + boneyard + sections + pageBreak + encoding + scenes

    /// The cases whose source uses LF only, so that CRLF and CR variants can be derived.
    static let lfOnly: [ConformanceCase] = all.filter { !$0.source.contains("\r") && $0.source.contains("\n") }
}
