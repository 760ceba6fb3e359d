import Foundation
import Testing

@testable import Backends

/// Mean colour and spread of a region of a card.
struct RegionStats {
    var red = 0.0
    var green = 0.0
    var blue = 0.0
    /// Standard deviation of luma: near 0 for a flat fill, large where text or shapes are drawn.
    var lumaSpread = 0.0

    init(_ image: CardImage, x: Int, y: Int, width: Int, height: Int) {
        var sum = (0.0, 0.0, 0.0)
        var lumaSum = 0.0
        var lumaSquares = 0.0
        for row in y..<(y + height) {
            for column in x..<(x + width) {
                let p = image.pixel(x: column, y: row)
                let (r, g, b) = (Double(p.r), Double(p.g), Double(p.b))
                sum.0 += r
                sum.1 += g
                sum.2 += b
                let luma = 0.2126 * r + 0.7152 * g + 0.0722 * b
                lumaSum += luma
                lumaSquares += luma * luma
            }
        }
        let count = Double(width * height)
        red = sum.0 / count
        green = sum.1 / count
        blue = sum.2 / count
        let mean = lumaSum / count
        lumaSpread = max(lumaSquares / count - mean * mean, 0).squareRoot()
    }

    var luma: Double { 0.2126 * red + 0.7152 * green + 0.0722 * blue }
}

@Suite("Storyboard cards")
struct CardRendererTests {
    static let renderer: CardRenderer? = try? CardRenderer()

    func renderer() throws -> CardRenderer {
        try #require(Self.renderer, "CardRenderer needs fonts-courier-prime and fonts-dejavu-core")
    }

    static let kitchenDay = CardSpec(
        sceneHeading: "INT. KITCHEN - DAY", setting: .interior, timeOfDay: "DAY", framing: .medium,
        characters: ["MARGO", "TEDDY"], action: "Margo slams the kettle down.",
        line: .init(speaker: "MARGO", text: "You said you'd be home by six."))

    static let alleyNight = CardSpec(
        sceneHeading: "EXT. ALLEY - NIGHT", setting: .exterior, timeOfDay: "NIGHT", framing: .wide,
        characters: ["TEDDY"], action: "Rain. A single bulb swings over a door.")

    @Test("the private font setup picks the right Courier Prime face per weight and slant")
    func fontFaces() throws {
        let renderer = try renderer()
        #expect(try renderer.resolvedFamily(bold: false, italic: false) == "Courier Prime")
        #expect(try renderer.resolvedFamily(bold: true, italic: false) == "Courier Prime Bold")
        #expect(try renderer.resolvedFamily(bold: false, italic: true) == "Courier Prime Italic")
        #expect(try renderer.resolvedFamily(bold: true, italic: true) == "Courier Prime Bold Italic")
        // Glyphs Courier Prime lacks come from the DejaVu fallback, never from host fonts.
        #expect(try renderer.resolvedFamily(bold: false, italic: false, text: "ДОМ") == "DejaVu Sans")
    }

    @Test("a card is 1280×720 BGRA, opaque, with text where the heading and subtitle are drawn")
    func textIsDrawn() throws {
        let image = try renderer().render(Self.kitchenDay)
        #expect(image.width == 1280 && image.height == 720)
        #expect(image.bgra.count == 1280 * 720 * 4)
        #expect(image.pixel(x: 640, y: 360).a == 255)
        // Heading band: text on a flat band makes the luma spread large.
        let heading = RegionStats(image, x: 36, y: 14, width: 400, height: 34)
        #expect(heading.lumaSpread > 25, "heading region spread \(heading.lumaSpread)")
        // The subtitle box sits at the bottom centre: light text on a dark box over a flat
        // background, and the same card without the line leaves that area flat.
        let talking = CardSpec(
            sceneHeading: "EXT. ALLEY - NIGHT", setting: .exterior, timeOfDay: "NIGHT", framing: .insert,
            line: .init(speaker: "MARGO", text: "You said you'd be home by six."))
        var silent = talking
        silent.line = nil
        let subtitle = RegionStats(try renderer().render(talking), x: 340, y: 630, width: 600, height: 50)
        let bare = RegionStats(try renderer().render(silent), x: 340, y: 630, width: 600, height: 50)
        #expect(subtitle.lumaSpread > 25, "subtitle region spread \(subtitle.lumaSpread)")
        #expect(bare.lumaSpread < 5, "no-subtitle region spread \(bare.lumaSpread)")
    }

    @Test("INT/DAY and EXT/NIGHT get clearly different palettes")
    func paletteDiffers() throws {
        let day = try renderer().render(Self.kitchenDay)
        let night = try renderer().render(Self.alleyNight)
        let dayBackground = RegionStats(day, x: 20, y: 300, width: 120, height: 120)
        let nightBackground = RegionStats(night, x: 20, y: 300, width: 120, height: 120)
        #expect(dayBackground.luma > 120, "INT/DAY background luma \(dayBackground.luma)")
        #expect(nightBackground.luma < 60, "EXT/NIGHT background luma \(nightBackground.luma)")
        // Night leans blue, the interior day leans warm.
        #expect(nightBackground.blue > nightBackground.red)
        #expect(dayBackground.red > dayBackground.blue)
    }

    @Test("style names change the palette: noir is grey, warm is warmer than cold")
    func styles() throws {
        var noir = Self.kitchenDay
        noir.style = "noir"
        let image = try renderer().render(noir)
        let region = RegionStats(image, x: 20, y: 300, width: 120, height: 120)
        #expect(abs(region.red - region.blue) < 2 && abs(region.red - region.green) < 2)
        var warm = Self.alleyNight
        warm.style = "warm"
        var cold = Self.alleyNight
        cold.style = "cold"
        let warmStats = RegionStats(try renderer().render(warm), x: 20, y: 300, width: 120, height: 120)
        let coldStats = RegionStats(try renderer().render(cold), x: 20, y: 300, width: 120, height: 120)
        #expect(warmStats.red - warmStats.blue > coldStats.red - coldStats.blue + 20)
    }

    @Test("framing places the characters: a close shot fills the centre, a wide shot leaves it to the background")
    func framingStaging() throws {
        let close = CardSpec(
            sceneHeading: "EXT. ALLEY - NIGHT", setting: .exterior, timeOfDay: "NIGHT", framing: .close,
            subject: "TEDDY")
        var wide = close
        wide.framing = .wide
        let closeImage = try renderer().render(close)
        let wideImage = try renderer().render(wide)
        // The close-up's head sits in the middle of the frame: darker (figure) than the night sky there.
        let closeCentre = RegionStats(closeImage, x: 600, y: 220, width: 80, height: 80)
        let wideCentre = RegionStats(wideImage, x: 600, y: 220, width: 80, height: 80)
        #expect(closeCentre.luma < wideCentre.luma - 3)
        // An over-the-shoulder shot puts a large dark back on the left third.
        var ots = close
        ots.framing = .overTheShoulder
        ots.characters = ["MARGO"]
        var oneShot = close
        oneShot.framing = .medium
        let otsLeft = RegionStats(try renderer().render(ots), x: 120, y: 520, width: 120, height: 100)
        let mediumLeft = RegionStats(try renderer().render(oneShot), x: 120, y: 520, width: 120, height: 100)
        #expect(otsLeft.luma < mediumLeft.luma - 3)
    }

    @Test("rendering is deterministic and the PNG export lands atomically")
    func pngExport() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("card.png")
        let first = try renderer().renderPNG(Self.kitchenDay, to: url)
        let second = try renderer().render(Self.kitchenDay)
        #expect(first == second)
        let data = try Data(contentsOf: url)
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["card.png"])
        if let dump = ProcessInfo.processInfo.environment["SCRIPTC_CARD_DUMP"] {
            for (index, spec) in Self.gallery.enumerated() {
                try renderer().renderPNG(spec, to: URL(fileURLWithPath: dump).appendingPathComponent("card\(index).png"))
            }
        }
    }

    /// Every framing once, for looking at (`SCRIPTC_CARD_DUMP=/some/folder`).
    static let gallery: [CardSpec] = CardSpec.Framing.allCases.enumerated().map { index, framing in
        let lights = [("INT", "DAY"), ("EXT", "NIGHT"), ("EXT", "DUSK"), ("INT", "NIGHT")]
        let (place, time) = lights[index % lights.count]
        return CardSpec(
            sceneHeading: "\(place). DINER - \(time)", sceneNumber: "\(index + 1)",
            setting: place == "INT" ? .interior : .exterior, timeOfDay: time,
            style: index == 5 ? "noir" : nil, framing: framing, subject: "MARGO", characters: ["TEDDY", "JUNE"],
            camera: index % 2 == 0 ? "push-in" : nil,
            action: "The neon sign buzzes. Margo counts coins on the counter, one by one.",
            line: index % 3 == 2 ? nil : .init(speaker: "TEDDY", text: "Coffee's on me, Margo. Ça va?", parenthetical: "quietly"))
    }
}
