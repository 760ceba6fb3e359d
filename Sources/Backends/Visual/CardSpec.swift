/// Everything a storyboard card shows. The IR's `visual` call maps onto it field by field; it is a
/// plain value so a card's content hash is the hash of its encoded form.
public struct CardSpec: Sendable, Hashable, Codable {
    /// INT., EXT., INT./EXT. from the scene heading.
    public enum Setting: String, Sendable, Hashable, Codable, CaseIterable {
        case interior, exterior, interiorExterior, unspecified
    }

    /// The shot's framing; it decides how big the characters are and where they stand.
    public enum Framing: String, Sendable, Hashable, Codable, CaseIterable {
        case establishing, wide, medium, close, extremeClose, twoShot, overTheShoulder, insert

        /// The label printed on the card.
        public var label: String {
            switch self {
            case .establishing: "ESTABLISHING"
            case .wide: "WIDE"
            case .medium: "MEDIUM"
            case .close: "CLOSE"
            case .extremeClose: "EXTREME CLOSE"
            case .twoShot: "TWO-SHOT"
            case .overTheShoulder: "OVER THE SHOULDER"
            case .insert: "INSERT"
            }
        }
    }

    /// The line of dialogue burned in as a subtitle.
    public struct Line: Sendable, Hashable, Codable {
        public var speaker: String
        public var text: String
        /// "(whispering)", shown before the text when present.
        public var parenthetical: String?

        public init(speaker: String, text: String, parenthetical: String? = nil) {
            self.speaker = speaker
            self.text = text
            self.parenthetical = parenthetical
        }
    }

    /// The scene heading as written, e.g. "INT. KITCHEN - NIGHT".
    public var sceneHeading: String
    /// The scene number, when the script has one.
    public var sceneNumber: String?
    public var setting: Setting
    /// Time of day as written ("NIGHT", "DUSK", "CONTINUOUS"); see `CardPalette` for the mapping.
    public var timeOfDay: String?
    /// A palette name from the style directive (noir, warm, cold, day, night, …).
    public var style: String?
    public var framing: Framing
    /// Who the shot is on ("close on MARGO"); placed first and largest.
    public var subject: String?
    /// Characters in frame, left to right.
    public var characters: [String]
    /// Camera movement ("push-in"), printed with the framing.
    public var camera: String?
    /// The action text of this beat.
    public var action: String?
    /// The current line, burned in as a subtitle.
    public var line: Line?
    public var width: Int
    public var height: Int

    public init(
        sceneHeading: String, sceneNumber: String? = nil, setting: Setting = .unspecified, timeOfDay: String? = nil,
        style: String? = nil, framing: Framing = .wide, subject: String? = nil, characters: [String] = [],
        camera: String? = nil, action: String? = nil, line: Line? = nil, width: Int = 1280, height: Int = 720
    ) {
        self.sceneHeading = sceneHeading
        self.sceneNumber = sceneNumber
        self.setting = setting
        self.timeOfDay = timeOfDay
        self.style = style
        self.framing = framing
        self.subject = subject
        self.characters = characters
        self.camera = camera
        self.action = action
        self.line = line
        self.width = width
        self.height = height
    }

    /// "CLOSE · MARGO · PUSH-IN".
    public var shotLabel: String {
        var parts = [framing.label]
        if let subject, !subject.isEmpty { parts.append(subject.uppercased()) }
        if let camera, !camera.isEmpty { parts.append(camera.uppercased()) }
        return parts.joined(separator: " · ")
    }

    /// The characters drawn in frame: the subject first, then the others, without repeats.
    public var staging: [String] {
        var names: [String] = []
        for name in [subject].compactMap({ $0 }) + characters where !name.isEmpty && !names.contains(name) {
            names.append(name)
        }
        return names
    }
}

/// A rendered card: BGRA bytes, `width * 4` bytes a row, top row first.
public struct CardImage: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public let bgra: [UInt8]

    public init(width: Int, height: Int, bgra: [UInt8]) {
        precondition(bgra.count == width * height * 4, "a card image holds width × height BGRA pixels")
        self.width = width
        self.height = height
        self.bgra = bgra
    }

    /// The (blue, green, red, alpha) bytes of one pixel.
    public func pixel(x: Int, y: Int) -> (b: UInt8, g: UInt8, r: UInt8, a: UInt8) {
        let i = (y * width + x) * 4
        return (bgra[i], bgra[i + 1], bgra[i + 2], bgra[i + 3])
    }
}
