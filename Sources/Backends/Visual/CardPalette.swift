/// The colours of a card, chosen from interior/exterior, time of day and a style name.
public struct CardPalette: Sendable, Hashable {
    public var skyTop: RGBA
    public var skyBottom: RGBA
    /// Floor or ground below the horizon in wide shots.
    public var ground: RGBA
    public var figure: RGBA
    /// The edge light around a figure.
    public var rim: RGBA
    /// Text drawn straight on the background.
    public var text: RGBA
    public var accent: RGBA
    /// Vignette colour at the corners.
    public var shadow: RGBA

    /// The broad light of a time of day.
    public enum Light: String, Sendable, Hashable, CaseIterable {
        case day, night, dawn, dusk

        /// Reads a scene heading's time of day; anything unknown (CONTINUOUS, LATER, …) is day.
        public init(timeOfDay: String?) {
            let words = (timeOfDay ?? "").uppercased()
            if ["NIGHT", "MIDNIGHT", "LATE NIGHT"].contains(where: { words.contains($0) }) {
                self = .night
            } else if ["DUSK", "SUNSET", "EVENING", "TWILIGHT"].contains(where: { words.contains($0) }) {
                self = .dusk
            } else if ["DAWN", "SUNRISE", "FIRST LIGHT"].contains(where: { words.contains($0) }) {
                self = .dawn
            } else {
                self = .day
            }
        }
    }

    /// Style names that change the palette; other names are printed on the card but leave the
    /// colours alone.
    public static let knownStyles = ["noir", "warm", "cold", "day", "night"]

    public static func resolve(setting: CardSpec.Setting, timeOfDay: String?, style: String?) -> CardPalette {
        let styleName = style?.lowercased()
        var light = Light(timeOfDay: timeOfDay)
        if styleName == "day" { light = .day }
        if styleName == "night" { light = .night }
        var palette = base(interior: setting == .interior, light: light)
        switch styleName {
        case "noir": palette = palette.noir()
        case "warm": palette = palette.tinted(RGBA(hex: 0xFF9A3C), 0.30)
        case "cold": palette = palette.tinted(RGBA(hex: 0x3C7DFF), 0.30)
        default: break
        }
        let background = palette.skyTop.mixed(with: palette.skyBottom, 0.5)
        palette.text = background.luminance > 0.5 ? RGBA(hex: 0x15181C) : RGBA(hex: 0xF4F1EA)
        return palette
    }

    private static func base(interior: Bool, light: Light) -> CardPalette {
        switch (interior, light) {
        case (false, .day):
            CardPalette(
                skyTop: RGBA(hex: 0x6FA8DC), skyBottom: RGBA(hex: 0xCFE3F1), ground: RGBA(hex: 0x8BA66B),
                figure: RGBA(hex: 0x2B3440), rim: RGBA(hex: 0xFFFFFF, alpha: 0.55), text: RGBA(hex: 0x15181C),
                accent: RGBA(hex: 0xE0B040), shadow: RGBA(hex: 0x1C2A38, alpha: 0.35))
        case (true, .day):
            CardPalette(
                skyTop: RGBA(hex: 0xE9DCC3), skyBottom: RGBA(hex: 0xCDB48F), ground: RGBA(hex: 0x9C7F5C),
                figure: RGBA(hex: 0x3A2E25), rim: RGBA(hex: 0xFFF4DC, alpha: 0.5), text: RGBA(hex: 0x15181C),
                accent: RGBA(hex: 0xB5452F), shadow: RGBA(hex: 0x3A2A18, alpha: 0.35))
        case (false, .night):
            CardPalette(
                skyTop: RGBA(hex: 0x070D1F), skyBottom: RGBA(hex: 0x1B2A4A), ground: RGBA(hex: 0x0C1424),
                figure: RGBA(hex: 0x03050A), rim: RGBA(hex: 0x7D9BE0, alpha: 0.8), text: RGBA(hex: 0xF4F1EA),
                accent: RGBA(hex: 0x9DB8FF), shadow: RGBA(hex: 0x000000, alpha: 0.6))
        case (true, .night):
            CardPalette(
                skyTop: RGBA(hex: 0x241910), skyBottom: RGBA(hex: 0x46321F), ground: RGBA(hex: 0x1A120B),
                figure: RGBA(hex: 0x0D0805), rim: RGBA(hex: 0xF2A95A, alpha: 0.75), text: RGBA(hex: 0xF4F1EA),
                accent: RGBA(hex: 0xF2A95A), shadow: RGBA(hex: 0x000000, alpha: 0.6))
        case (_, .dusk):
            CardPalette(
                skyTop: RGBA(hex: 0x3E2A5C), skyBottom: RGBA(hex: 0xE2804F), ground: RGBA(hex: 0x2C1E2E),
                figure: RGBA(hex: 0x140D18), rim: RGBA(hex: 0xFFB27A, alpha: 0.75), text: RGBA(hex: 0xF4F1EA),
                accent: RGBA(hex: 0xFFB27A), shadow: RGBA(hex: 0x120818, alpha: 0.5))
        case (_, .dawn):
            CardPalette(
                skyTop: RGBA(hex: 0x8FA9C8), skyBottom: RGBA(hex: 0xF3C6A5), ground: RGBA(hex: 0x6E6A70),
                figure: RGBA(hex: 0x2A2630), rim: RGBA(hex: 0xFFE2C8, alpha: 0.6), text: RGBA(hex: 0x15181C),
                accent: RGBA(hex: 0xD9765A), shadow: RGBA(hex: 0x2A2630, alpha: 0.35))
        }
    }

    private func mapped(_ transform: (RGBA) -> RGBA) -> CardPalette {
        CardPalette(
            skyTop: transform(skyTop), skyBottom: transform(skyBottom), ground: transform(ground),
            figure: transform(figure), rim: transform(rim), text: text, accent: transform(accent),
            shadow: transform(shadow))
    }

    /// Grey, with the contrast pushed apart: dark backgrounds darker, highlights whiter.
    private func noir() -> CardPalette {
        var result = mapped { color in
            let l = color.luminance
            let contrasted = min(max((l - 0.5) * 1.6 + 0.42, 0), 1)
            return RGBA(contrasted, contrasted, contrasted, color.alpha)
        }
        result.skyTop = RGBA(0.04, 0.04, 0.04)
        result.rim = RGBA(1, 1, 1, 0.85)
        result.accent = RGBA(0.92, 0.92, 0.92)
        return result
    }

    private func tinted(_ tint: RGBA, _ amount: Double) -> CardPalette {
        mapped { $0.mixed(with: tint.withAlpha($0.alpha), amount) }
    }
}
