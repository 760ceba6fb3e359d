import CCairoPango

/// One card of a composited frame: painted at `opacity`, moved `shift` pixels to the right
/// (negative: left), spread over `smear` pixels each side (a horizontal motion blur), and seen
/// only inside `clip` (pixels).
struct CompositeLayer {
    enum Clip: Equatable {
        case none
        case rectangle(x: Double, y: Double, width: Double, height: Double)
        case circle(x: Double, y: Double, radius: Double)
    }

    var image: CardImage
    var opacity: Double
    var shift: Int
    var smear: Int
    var clip: Clip = .none
}

extension CardImage {
    /// Cards composited by Cairo over black: each layer is added (`CAIRO_OPERATOR_ADD`) at its
    /// opacity, so two layers whose opacities sum to 1 dissolve one into the other and a single
    /// layer below 1 is a fade. A smeared layer is painted as `taps` copies spread across the
    /// smear, each at an equal share of the opacity. The result is opaque.
    static func composite(_ layers: [CompositeLayer], width: Int, height: Int, taps: Int = 17) throws(VisualError) -> CardImage {
        guard let target = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw VisualError.cairo("could not create a \(width)×\(height) surface")
        }
        defer { cairo_surface_destroy(target) }
        guard cairo_surface_status(target) == CAIRO_STATUS_SUCCESS, let cairo = cairo_create(target) else {
            throw VisualError.cairo("could not create a \(width)×\(height) drawing context")
        }
        defer { cairo_destroy(cairo) }
        cairo_set_operator(cairo, CAIRO_OPERATOR_ADD)
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, Int32(width)))
        for layer in layers where layer.opacity > 0 {
            guard layer.image.width == width, layer.image.height == height, stride == width * 4 else {
                throw VisualError.cairo("a \(layer.image.width)×\(layer.image.height) card in a \(width)×\(height) frame")
            }
            // The card's own bytes, not a copy: a surface used only as a source is never written.
            let status: cairo_status_t = layer.image.bgra.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress,
                      let source = cairo_image_surface_create_for_data(UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self)),
                                                                       CAIRO_FORMAT_ARGB32, Int32(width), Int32(height), Int32(stride))
                else { return CAIRO_STATUS_NO_MEMORY }
                defer { cairo_surface_destroy(source) }
                cairo_save(cairo)
                defer { cairo_restore(cairo) }
                switch layer.clip {
                case .none:
                    break
                case .rectangle(let x, let y, let w, let h):
                    cairo_rectangle(cairo, x, y, w, h)
                    cairo_clip(cairo)
                case .circle(let x, let y, let r):
                    cairo_new_path(cairo)
                    cairo_arc(cairo, x, y, r, 0, 2 * Double.pi)
                    cairo_clip(cairo)
                }
                let copies = layer.smear > 0 ? Swift.max(2, taps) : 1
                for k in 0..<copies {
                    // Whole-pixel offsets: no resampling, so an unmoved layer keeps its pixels.
                    let spread = copies == 1 ? 0 : -layer.smear + (2 * layer.smear * k) / (copies - 1)
                    cairo_set_source_surface(cairo, source, Double(layer.shift + spread), 0)
                    cairo_paint_with_alpha(cairo, Swift.min(1, layer.opacity) / Double(copies))
                }
                return cairo_status(cairo)
            }
            guard status == CAIRO_STATUS_SUCCESS else { throw VisualError.cairo(String(cString: cairo_status_to_string(status))) }
        }
        cairo_surface_flush(target)
        guard let data = cairo_image_surface_get_data(target) else { throw VisualError.cairo("the composited frame has no pixels") }
        let targetStride = Int(cairo_image_surface_get_stride(target))
        var out = [UInt8](repeating: 0, count: width * height * 4)
        out.withUnsafeMutableBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            for row in 0..<height {
                (base + row * width * 4).copyMemory(from: data + row * targetStride, byteCount: width * 4)
            }
        }
        // The colour channels are already the picture over black (premultiplied); show it opaque.
        for i in Swift.stride(from: 3, to: out.count, by: 4) { out[i] = 255 }
        return CardImage(width: width, height: height, bgra: out)
    }
}
