import CCairoPango
import Foundation

/// A colour with components in 0…1.
public struct RGBA: Sendable, Hashable, Codable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(_ red: Double, _ green: Double, _ blue: Double, _ alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// From a 0xRRGGBB literal.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(
            Double((hex >> 16) & 0xFF) / 255, Double((hex >> 8) & 0xFF) / 255, Double(hex & 0xFF) / 255, alpha)
    }

    /// Linear mix: `amount` 0 gives `self`, 1 gives `other`.
    public func mixed(with other: RGBA, _ amount: Double) -> RGBA {
        let t = min(max(amount, 0), 1)
        return RGBA(
            red + (other.red - red) * t, green + (other.green - green) * t, blue + (other.blue - blue) * t,
            alpha + (other.alpha - alpha) * t)
    }

    public func withAlpha(_ alpha: Double) -> RGBA { RGBA(red, green, blue, alpha) }

    /// Relative luminance (Rec. 709 weights, no gamma), 0…1.
    public var luminance: Double { 0.2126 * red + 0.7152 * green + 0.0722 * blue }
}

/// A rectangle in canvas pixels (origin top left).
struct CanvasRect: Sendable, Hashable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
}

/// How a block of text is set.
struct TextStyle: Sendable, Hashable {
    enum Alignment: Sendable { case left, center, right }
    var family: String = PrivateFonts.screenplayFamily
    /// Size in pixels.
    var size: Double
    var bold = false
    var italic = false
    var alignment: Alignment = .left
    /// Lines kept before the rest is cut with an ellipsis; 0 = no limit.
    var maxLines = 0
}

/// The one owner of Cairo and Pango objects: an ARGB32 image surface, its drawing context and a
/// Pango context on a font map that uses only `PrivateFonts`. Everything the card layout needs is
/// a method here, so no Cairo or Pango handle leaves this folder.
///
/// Not thread-safe: a canvas belongs to one renderer, which serialises access to it.
final class CairoCanvas {
    let width: Int
    let height: Int
    private let surface: OpaquePointer
    private let cairo: OpaquePointer
    private let fontMap: UnsafeMutablePointer<PangoFontMap>
    private let pango: OpaquePointer
    private let layout: OpaquePointer
    /// Kept alive for as long as the font map uses it.
    private let fonts: PrivateFonts

    init(width: Int, height: Int, fonts: PrivateFonts) throws(VisualError) {
        self.width = width
        self.height = height
        self.fonts = fonts
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw VisualError.cairo("could not create a \(width)×\(height) surface")
        }
        let surfaceStatus = cairo_surface_status(surface)
        guard surfaceStatus == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw VisualError.cairo(String(cString: cairo_status_to_string(surfaceStatus)))
        }
        guard let cairo = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw VisualError.cairo("could not create a drawing context")
        }
        guard let fontMap = pango_cairo_font_map_new(),
            scriptc_fontmap_set_fc_config(fontMap, fonts.config) == 1,
            let pango = pango_font_map_create_context(fontMap)
        else {
            cairo_destroy(cairo)
            cairo_surface_destroy(surface)
            throw VisualError.fontSetup("Pango's font map is not a fontconfig font map")
        }
        // Fixed rasterisation settings, so the host's fontconfig defaults cannot change pixels.
        if let options = cairo_font_options_create() {
            cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
            cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
            pango_cairo_context_set_font_options(pango, options)
            cairo_font_options_destroy(options)
        }
        pango_cairo_update_context(cairo, pango)
        guard let layout = pango_layout_new(pango) else {
            scriptc_object_unref(UnsafeMutableRawPointer(pango))
            scriptc_object_unref(fontMap)
            cairo_destroy(cairo)
            cairo_surface_destroy(surface)
            throw VisualError.cairo("could not create a text layout")
        }
        self.surface = surface
        self.cairo = cairo
        self.fontMap = fontMap
        self.pango = pango
        self.layout = layout
    }

    deinit {
        scriptc_object_unref(UnsafeMutableRawPointer(layout))
        scriptc_object_unref(UnsafeMutableRawPointer(pango))
        scriptc_object_unref(fontMap)
        cairo_destroy(cairo)
        cairo_surface_destroy(surface)
    }

    // MARK: Shapes

    private func setSource(_ color: RGBA) {
        cairo_set_source_rgba(cairo, color.red, color.green, color.blue, color.alpha)
    }

    /// Fills the whole canvas with a vertical gradient.
    func fillVerticalGradient(top: RGBA, bottom: RGBA) {
        guard let gradient = cairo_pattern_create_linear(0, 0, 0, Double(height)) else { return }
        cairo_pattern_add_color_stop_rgba(gradient, 0, top.red, top.green, top.blue, top.alpha)
        cairo_pattern_add_color_stop_rgba(gradient, 1, bottom.red, bottom.green, bottom.blue, bottom.alpha)
        cairo_set_source(cairo, gradient)
        cairo_paint(cairo)
        cairo_pattern_destroy(gradient)
    }

    /// Darkens the edges: a radial gradient from transparent in the middle to `edge`.
    func vignette(edge: RGBA) {
        let cx = Double(width) / 2
        let cy = Double(height) / 2
        let outer = (cx * cx + cy * cy).squareRoot()
        guard let gradient = cairo_pattern_create_radial(cx, cy, outer * 0.45, cx, cy, outer) else { return }
        cairo_pattern_add_color_stop_rgba(gradient, 0, edge.red, edge.green, edge.blue, 0)
        cairo_pattern_add_color_stop_rgba(gradient, 1, edge.red, edge.green, edge.blue, edge.alpha)
        cairo_set_source(cairo, gradient)
        cairo_paint(cairo)
        cairo_pattern_destroy(gradient)
    }

    func fill(_ rect: CanvasRect, _ color: RGBA, cornerRadius: Double = 0) {
        path(rect, cornerRadius: cornerRadius)
        setSource(color)
        cairo_fill(cairo)
    }

    func stroke(_ rect: CanvasRect, _ color: RGBA, lineWidth: Double, cornerRadius: Double = 0, dashed: Bool = false) {
        path(rect, cornerRadius: cornerRadius)
        setSource(color)
        cairo_set_line_width(cairo, lineWidth)
        if dashed {
            let dashes: [Double] = [lineWidth * 4, lineWidth * 3]
            cairo_set_dash(cairo, dashes, Int32(dashes.count), 0)
        }
        cairo_stroke(cairo)
        cairo_set_dash(cairo, nil, 0, 0)
    }

    /// Fills an ellipse inscribed in `rect`.
    func fillEllipse(in rect: CanvasRect, _ color: RGBA) {
        guard rect.width > 0, rect.height > 0 else { return }
        cairo_save(cairo)
        cairo_translate(cairo, rect.x + rect.width / 2, rect.y + rect.height / 2)
        cairo_scale(cairo, rect.width / 2, rect.height / 2)
        cairo_new_path(cairo)
        cairo_arc(cairo, 0, 0, 1, 0, 2 * Double.pi)
        cairo_restore(cairo)
        setSource(color)
        cairo_fill(cairo)
    }

    /// A straight line.
    func line(from start: (Double, Double), to end: (Double, Double), _ color: RGBA, width lineWidth: Double) {
        cairo_new_path(cairo)
        cairo_move_to(cairo, start.0, start.1)
        cairo_line_to(cairo, end.0, end.1)
        setSource(color)
        cairo_set_line_width(cairo, lineWidth)
        cairo_stroke(cairo)
    }

    private func path(_ rect: CanvasRect, cornerRadius: Double) {
        cairo_new_path(cairo)
        let r = min(cornerRadius, rect.width / 2, rect.height / 2)
        if r <= 0 {
            cairo_rectangle(cairo, rect.x, rect.y, rect.width, rect.height)
            return
        }
        let (x, y, w, h) = (rect.x, rect.y, rect.width, rect.height)
        cairo_new_sub_path(cairo)
        cairo_arc(cairo, x + w - r, y + r, r, -Double.pi / 2, 0)
        cairo_arc(cairo, x + w - r, y + h - r, r, 0, Double.pi / 2)
        cairo_arc(cairo, x + r, y + h - r, r, Double.pi / 2, Double.pi)
        cairo_arc(cairo, x + r, y + r, r, Double.pi, 3 * Double.pi / 2)
        cairo_close_path(cairo)
    }

    // MARK: Text

    /// Lays `text` out in a box `width` pixels wide and returns its size in pixels, without drawing.
    func measure(_ text: String, _ style: TextStyle, width: Double) -> (width: Double, height: Double) {
        prepare(text, style, width: width)
        var w: Int32 = 0
        var h: Int32 = 0
        pango_layout_get_pixel_size(layout, &w, &h)
        return (Double(w), Double(h))
    }

    /// Draws `text` with its top left at (x, y), wrapped to `width`; returns the height used.
    @discardableResult
    func draw(_ text: String, _ style: TextStyle, x: Double, y: Double, width: Double, color: RGBA) -> Double {
        prepare(text, style, width: width)
        var w: Int32 = 0
        var h: Int32 = 0
        pango_layout_get_pixel_size(layout, &w, &h)
        setSource(color)
        cairo_move_to(cairo, x, y)
        pango_cairo_show_layout(cairo, layout)
        return Double(h)
    }

    private func prepare(_ text: String, _ style: TextStyle, width: Double) {
        guard let description = pango_font_description_new() else { return }
        pango_font_description_set_family(description, style.family)
        pango_font_description_set_absolute_size(description, style.size * Double(scriptc_pango_scale()))
        pango_font_description_set_weight(description, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_style(description, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        pango_layout_set_width(layout, Int32(width * Double(scriptc_pango_scale())))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        switch style.alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        if style.maxLines > 0 {
            pango_layout_set_height(layout, -Int32(style.maxLines))
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
        } else {
            pango_layout_set_height(layout, -1)
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE)
        }
        pango_layout_set_text(layout, text, -1)
    }

    /// The family Pango actually used for the first run of `text` (for checking the font setup).
    func resolvedFamily(of text: String, _ style: TextStyle) -> String? {
        prepare(text, style, width: Double(width))
        guard let line = pango_layout_get_line_readonly(layout, 0), let runs = line.pointee.runs,
            let run = runs.pointee.data?.assumingMemoryBound(to: PangoGlyphItem.self),
            let font = run.pointee.item.pointee.analysis.font,
            let description = pango_font_describe(font)
        else { return nil }
        defer { pango_font_description_free(description) }
        guard let family = pango_font_description_get_family(description) else { return nil }
        let weight = pango_font_description_get_weight(description)
        let italic = pango_font_description_get_style(description) != PANGO_STYLE_NORMAL
        return String(cString: family) + (weight.rawValue >= PANGO_WEIGHT_BOLD.rawValue ? " Bold" : "")
            + (italic ? " Italic" : "")
    }

    // MARK: Output

    /// The pixels as BGRA bytes (Cairo's ARGB32 on a little-endian machine), `width * 4` bytes a
    /// row with the surface's stride removed. Alpha is premultiplied; cards are opaque.
    func bgraPixels() -> [UInt8] {
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let rowBytes = width * 4
        guard let data = cairo_image_surface_get_data(surface) else { return [] }
        var pixels = [UInt8](repeating: 0, count: rowBytes * height)
        pixels.withUnsafeMutableBytes { target in
            guard let base = target.baseAddress else { return }
            for row in 0..<height {
                (base + row * rowBytes).copyMemory(from: data + row * stride, byteCount: rowBytes)
            }
        }
        return pixels
    }

    /// Writes the canvas as a PNG file.
    func writePNG(to path: String) throws(VisualError) {
        cairo_surface_flush(surface)
        let status = cairo_surface_write_to_png(surface, path)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw VisualError.cairo("writing '\(path)': \(String(cString: cairo_status_to_string(status)))")
        }
    }
}

extension CardImage {
    /// Reads a PNG file (as written by `CardRenderer.renderPNG`) back into BGRA pixels.
    public init(contentsOfPNG url: URL) throws(VisualError) {
        guard let surface = cairo_image_surface_create_from_png(url.path) else {
            throw VisualError.cairo("could not read '\(url.path)'")
        }
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw VisualError.cairo("reading '\(url.path)': \(String(cString: cairo_status_to_string(status)))")
        }
        let format = cairo_image_surface_get_format(surface)
        guard format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24 else {
            throw VisualError.cairo("'\(url.path)' is not an RGB or RGBA PNG")
        }
        let width = Int(cairo_image_surface_get_width(surface))
        let height = Int(cairo_image_surface_get_height(surface))
        let rowStride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else {
            throw VisualError.cairo("'\(url.path)' has no pixel data")
        }
        let rowBytes = width * 4
        var pixels = [UInt8](repeating: 0, count: rowBytes * height)
        pixels.withUnsafeMutableBytes { target in
            guard let base = target.baseAddress else { return }
            for row in 0..<height {
                (base + row * rowBytes).copyMemory(from: data + row * rowStride, byteCount: rowBytes)
            }
        }
        if format == CAIRO_FORMAT_RGB24 {
            // RGB24 leaves the fourth byte undefined; cards are opaque.
            for index in stride(from: 3, to: pixels.count, by: 4) { pixels[index] = 255 }
        }
        self.init(width: width, height: height, bgra: pixels)
    }
}
