import Foundation

/// Draws storyboard cards with Cairo and Pango.
///
/// One renderer owns one canvas and one private font setup. Cairo surfaces and Pango layouts
/// must not be used from two threads at once, so `render` takes a lock; a card takes a few
/// milliseconds, far less than the encoder, so a single renderer shared by the build's workers
/// is not a bottleneck. Create more renderers for more parallel drawing.
public final class CardRenderer: @unchecked Sendable {
    // @unchecked Sendable: the canvas (the only mutable state) is touched only while `lock` is held.
    private let lock = NSLock()
    private let fonts: PrivateFonts
    private var canvas: CairoCanvas?

    /// Bumped whenever a change to the drawing code changes pixels; part of every card's cache key.
    public static let version = 3

    public init() throws(VisualError) {
        fonts = try PrivateFonts()
    }

    /// Renders a card to BGRA pixels.
    public func render(_ spec: CardSpec) throws(VisualError) -> CardImage {
        lock.lock()
        defer { lock.unlock() }
        let canvas = try draw(spec)
        return CardImage(width: spec.width, height: spec.height, bgra: canvas.bgraPixels())
    }

    /// Renders a card and writes it as a PNG file; the file appears complete or not at all.
    @discardableResult
    public func renderPNG(_ spec: CardSpec, to url: URL) throws(VisualError) -> CardImage {
        lock.lock()
        defer { lock.unlock() }
        let canvas = try draw(spec)
        let temporary = AtomicFile.temporaryURL(for: url)
        try canvas.writePNG(to: temporary.path)
        do {
            try AtomicFile.move(temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw VisualError.cairo("could not move the PNG into place at '\(url.path)': \(error)")
        }
        return CardImage(width: spec.width, height: spec.height, bgra: canvas.bgraPixels())
    }

    /// The font Pango picks for `text` in the given weight (checks the private font setup).
    func resolvedFamily(bold: Bool, italic: Bool, text: String = "INT. KITCHEN") throws(VisualError) -> String? {
        lock.lock()
        defer { lock.unlock() }
        let canvas = try canvas(width: 64, height: 64)
        return canvas.resolvedFamily(of: text, TextStyle(size: 20, bold: bold, italic: italic))
    }

    private func canvas(width: Int, height: Int) throws(VisualError) -> CairoCanvas {
        if let canvas, canvas.width == width, canvas.height == height { return canvas }
        let made = try CairoCanvas(width: width, height: height, fonts: fonts)
        canvas = made
        return made
    }

    // MARK: Layout

    private func draw(_ spec: CardSpec) throws(VisualError) -> CairoCanvas {
        let canvas = try canvas(width: spec.width, height: spec.height)
        let palette = CardPalette.resolve(setting: spec.setting, timeOfDay: spec.timeOfDay, style: spec.style)
        CardLayout(canvas: canvas, spec: spec, palette: palette).draw()
        return canvas
    }
}

/// The drawing of one card, in the order the layers stack: background, staging, header, action,
/// subtitle. Sizes are fractions of the card's height so other resolutions keep the proportions.
private struct CardLayout {
    let canvas: CairoCanvas
    let spec: CardSpec
    let palette: CardPalette

    var w: Double { Double(spec.width) }
    var h: Double { Double(spec.height) }
    /// One unit = 1/720 of the height (a pixel at 720p).
    var u: Double { h / 720 }

    func draw() {
        canvas.fillVerticalGradient(top: palette.skyTop, bottom: palette.skyBottom)
        let staged = stagedNames()
        drawStage(staged)
        canvas.vignette(edge: palette.shadow)
        drawHeader()
        drawAction(centered: staged.isEmpty)
        drawSubtitle()
    }

    /// Who is drawn: close shots keep one character, two-shots and over-the-shoulder two.
    private func stagedNames() -> [String] {
        let names = spec.staging
        switch spec.framing {
        case .insert: return []
        case .close, .extremeClose: return Array(names.prefix(1))
        case .twoShot, .overTheShoulder: return Array(names.prefix(2))
        case .establishing, .wide, .medium: return Array(names.prefix(6))
        }
    }

    // MARK: Stage

    private func drawStage(_ names: [String]) {
        switch spec.framing {
        case .establishing, .wide:
            let horizon = h * 0.62
            canvas.fill(CanvasRect(x: 0, y: horizon, width: w, height: h - horizon), palette.ground)
            canvas.line(from: (0, horizon), to: (w, horizon), palette.rim.withAlpha(0.35), width: 2 * u)
            let headWidth = (spec.framing == .establishing ? 26 : 40) * u
            for (index, name) in names.enumerated() {
                let x = w * (Double(index) + 1) / (Double(names.count) + 1)
                fullFigure(centerX: x, feetY: horizon + 70 * u, headWidth: headWidth, name: name)
            }
        case .medium:
            for (index, name) in names.enumerated() {
                let x = w * (Double(index) + 1) / (Double(names.count) + 1)
                bust(centerX: x, headTop: 190 * u, headWidth: 110 * u, name: name)
            }
        case .twoShot:
            let positions = names.count == 1 ? [0.5] : [0.32, 0.68]
            for (name, position) in zip(names, positions) {
                bust(centerX: w * position, headTop: 180 * u, headWidth: 120 * u, name: name)
            }
        case .overTheShoulder:
            // The subject faces us on the right; the other character's back fills the left.
            if let subject = names.first {
                bust(centerX: w * 0.64, headTop: 200 * u, headWidth: 115 * u, name: subject)
            }
            let back = names.count > 1 ? names[1] : nil
            let headWidth = 300 * u
            let headRect = CanvasRect(x: w * 0.08, y: 230 * u, width: headWidth, height: headWidth * 1.2)
            canvas.fill(
                CanvasRect(x: -120 * u, y: headRect.y + headRect.height * 0.8, width: headWidth * 2.4, height: h),
                palette.figure.mixed(with: palette.shadow.withAlpha(1), 0.3), cornerRadius: 120 * u)
            canvas.fillEllipse(in: headRect, palette.figure.mixed(with: palette.shadow.withAlpha(1), 0.3))
            if let back {
                label(back, centerX: headRect.x + headWidth / 2, y: headRect.y + headRect.height * 0.45, size: 24 * u)
            }
        case .close, .extremeClose:
            let headWidth = (spec.framing == .close ? 280 : 460) * u
            if let name = names.first {
                bust(centerX: w / 2, headTop: (spec.framing == .close ? 150 : 110) * u, headWidth: headWidth, name: name)
            }
        case .insert:
            let frame = CanvasRect(x: w * 0.18, y: h * 0.2, width: w * 0.64, height: h * 0.56)
            canvas.stroke(frame, palette.rim.withAlpha(0.9), lineWidth: 3 * u, cornerRadius: 8 * u, dashed: true)
        }
    }

    /// Head and shoulders, cut by the bottom of the frame.
    private func bust(centerX: Double, headTop: Double, headWidth: Double, name: String) {
        let head = CanvasRect(x: centerX - headWidth / 2, y: headTop, width: headWidth, height: headWidth * 1.22)
        let shoulders = CanvasRect(
            x: centerX - headWidth * 1.35, y: head.y + head.height * 0.92, width: headWidth * 2.7, height: h)
        let neck = CanvasRect(
            x: centerX - headWidth * 0.22, y: head.y + head.height * 0.7, width: headWidth * 0.44,
            height: head.height * 0.4)
        // A rim light: the same shapes slightly larger in the rim colour, under the figure.
        let grow = max(3 * u, headWidth * 0.025)
        canvas.fill(grown(shoulders, grow), palette.rim, cornerRadius: headWidth * 0.9 + grow)
        canvas.fillEllipse(in: grown(head, grow), palette.rim)
        canvas.fill(shoulders, palette.figure, cornerRadius: headWidth * 0.9)
        canvas.fill(neck, palette.figure)
        canvas.fillEllipse(in: head, palette.figure)
        // Kept above the subtitle area, so big close-ups still show whose face it is.
        let labelY = min(shoulders.y + headWidth * 0.45, h * 0.66)
        label(name, centerX: centerX, y: labelY, size: max(18 * u, min(34 * u, headWidth * 0.2)))
    }

    /// A standing figure for wide shots.
    private func fullFigure(centerX: Double, feetY: Double, headWidth: Double, name: String) {
        let bodyHeight = headWidth * 3.2
        let legs = CanvasRect(
            x: centerX - headWidth * 0.5, y: feetY - headWidth * 2.2, width: headWidth, height: headWidth * 2.2)
        let body = CanvasRect(
            x: centerX - headWidth * 0.8, y: feetY - headWidth * 2.0 - bodyHeight * 0.55, width: headWidth * 1.6,
            height: bodyHeight * 0.6)
        let head = CanvasRect(
            x: centerX - headWidth / 2, y: body.y - headWidth * 1.15, width: headWidth, height: headWidth * 1.2)
        let grow = 2 * u
        canvas.fill(grown(legs, grow), palette.rim, cornerRadius: headWidth * 0.3)
        canvas.fill(grown(body, grow), palette.rim, cornerRadius: headWidth * 0.45)
        canvas.fillEllipse(in: grown(head, grow), palette.rim)
        canvas.fill(legs, palette.figure, cornerRadius: headWidth * 0.3)
        canvas.fill(body, palette.figure, cornerRadius: headWidth * 0.45)
        canvas.fillEllipse(in: head, palette.figure)
        label(name, centerX: centerX, y: feetY + 8 * u, size: 18 * u)
    }

    private func grown(_ rect: CanvasRect, _ by: Double) -> CanvasRect {
        CanvasRect(x: rect.x - by, y: rect.y - by, width: rect.width + 2 * by, height: rect.height + 2 * by)
    }

    /// A name on a small plate, so it reads on any figure or background.
    private func label(_ name: String, centerX: Double, y: Double, size: Double) {
        let style = TextStyle(size: size, bold: true, alignment: .center, maxLines: 1)
        let box = w * 0.3
        let measured = canvas.measure(name.uppercased(), style, width: box)
        let plate = CanvasRect(
            x: centerX - measured.width / 2 - 10 * u, y: y - 4 * u, width: measured.width + 20 * u,
            height: measured.height + 8 * u)
        canvas.fill(plate, palette.accent.withAlpha(0.92), cornerRadius: 6 * u)
        let ink = palette.accent.luminance > 0.5 ? RGBA(hex: 0x111111) : RGBA(hex: 0xFFFFFF)
        canvas.draw(name.uppercased(), style, x: centerX - box / 2, y: y, width: box, color: ink)
    }

    // MARK: Text

    private func drawHeader() {
        let band = CanvasRect(x: 0, y: 0, width: w, height: 92 * u)
        let bandColor = palette.text.luminance > 0.5 ? RGBA(0, 0, 0, 0.45) : RGBA(1, 1, 1, 0.45)
        canvas.fill(band, bandColor)
        var heading = spec.sceneHeading.uppercased()
        if let number = spec.sceneNumber, !number.isEmpty { heading = "\(number)  \(heading)" }
        canvas.draw(
            heading, TextStyle(size: 30 * u, bold: true, maxLines: 1), x: 36 * u, y: 14 * u, width: w * 0.62,
            color: palette.text)
        var tags = [settingLabel, spec.timeOfDay?.uppercased()].compactMap { $0 }.filter { !$0.isEmpty }
        if let style = spec.style, !style.isEmpty { tags.append("style: \(style)") }
        canvas.draw(
            tags.joined(separator: " · "), TextStyle(size: 18 * u, maxLines: 1), x: 36 * u, y: 54 * u,
            width: w * 0.62, color: palette.text.withAlpha(0.85))
        // The shot label on the right, on an accent plate.
        let labelStyle = TextStyle(size: 22 * u, bold: true, alignment: .right, maxLines: 2)
        let labelWidth = w * 0.3
        let measured = canvas.measure(spec.shotLabel, labelStyle, width: labelWidth)
        let right = w - 30 * u
        let plate = CanvasRect(
            x: right - measured.width - 24 * u, y: 20 * u, width: measured.width + 24 * u,
            height: measured.height + 12 * u)
        canvas.fill(plate, palette.accent.withAlpha(0.95), cornerRadius: 8 * u)
        let ink = palette.accent.luminance > 0.5 ? RGBA(hex: 0x111111) : RGBA(hex: 0xFFFFFF)
        canvas.draw(spec.shotLabel, labelStyle, x: right - 12 * u - labelWidth, y: 26 * u, width: labelWidth, color: ink)
    }

    private var settingLabel: String? {
        switch spec.setting {
        case .interior: "INT."
        case .exterior: "EXT."
        case .interiorExterior: "INT./EXT."
        case .unspecified: nil
        }
    }

    /// With nobody in frame the action is the picture: centred on a panel. Otherwise it is a
    /// caption under the header.
    private func drawAction(centered: Bool) {
        guard let action = spec.action?.trimmingCharacters(in: .whitespacesAndNewlines), !action.isEmpty else {
            return
        }
        if centered {
            let style = TextStyle(size: 30 * u, alignment: .center, maxLines: 7)
            let width = w * 0.56
            let size = canvas.measure(action, style, width: width)
            let top = max(110 * u, (h * 0.48) - size.height / 2)
            let panel = CanvasRect(
                x: (w - width) / 2 - 28 * u, y: top - 22 * u, width: width + 56 * u, height: size.height + 44 * u)
            canvas.fill(panel, palette.text.luminance > 0.5 ? RGBA(0, 0, 0, 0.5) : RGBA(1, 1, 1, 0.55), cornerRadius: 12 * u)
            canvas.draw(action, style, x: (w - width) / 2, y: top, width: width, color: palette.text)
        } else {
            let style = TextStyle(size: 20 * u, italic: true, maxLines: 2)
            let width = w - 72 * u
            let size = canvas.measure(action, style, width: width)
            let panel = CanvasRect(x: 0, y: 92 * u, width: w, height: size.height + 16 * u)
            canvas.fill(panel, palette.text.luminance > 0.5 ? RGBA(0, 0, 0, 0.3) : RGBA(1, 1, 1, 0.3))
            canvas.draw(action, style, x: 36 * u, y: 100 * u, width: width, color: palette.text)
        }
    }

    /// Subtitle text sizes (in units of the card's height / 720) and the lines allowed at each:
    /// three lines at the normal size, up to six smaller ones for a long speech.
    static let subtitleSizes: [(size: Double, lines: Int)] = [(30, 3), (26, 4), (22, 5), (19, 6)]

    private func drawSubtitle() {
        guard let line = spec.line, !line.text.isEmpty else { return }
        let speakerStyle = TextStyle(size: 22 * u, bold: true, alignment: .center, maxLines: 1)
        let width = w * 0.8
        // The largest size at which the whole line fits in its number of lines; only a line too
        // long for the smallest is cut with an ellipsis.
        let fits = Self.subtitleSizes.first { size, lines in
            let style = TextStyle(size: size * u, alignment: .center)
            return canvas.measure(line.text, style, width: width).height <= Double(lines) * canvas.measure("Ag", style, width: width).height + 1
        } ?? Self.subtitleSizes[Self.subtitleSizes.count - 1]
        let textStyle = TextStyle(size: fits.size * u, alignment: .center, maxLines: fits.lines)
        var speaker = line.speaker.uppercased()
        if let parenthetical = line.parenthetical, !parenthetical.isEmpty {
            speaker += " " + (parenthetical.hasPrefix("(") ? parenthetical : "(\(parenthetical))")
        }
        let speakerSize = canvas.measure(speaker, speakerStyle, width: width)
        let textSize = canvas.measure(line.text, textStyle, width: width)
        let boxWidth = max(speakerSize.width, textSize.width) + 48 * u
        let boxHeight = speakerSize.height + textSize.height + 30 * u
        let box = CanvasRect(x: (w - boxWidth) / 2, y: h - 28 * u - boxHeight, width: boxWidth, height: boxHeight)
        canvas.fill(box, RGBA(0, 0, 0, 0.72), cornerRadius: 10 * u)
        canvas.draw(speaker, speakerStyle, x: (w - width) / 2, y: box.y + 12 * u, width: width, color: RGBA(hex: 0xFFD75E))
        canvas.draw(
            line.text, textStyle, x: (w - width) / 2, y: box.y + 16 * u + speakerSize.height, width: width,
            color: RGBA(hex: 0xFFFFFF))
    }
}
