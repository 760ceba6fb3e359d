import Foundation

/// One frame of a picture transition: cards painted over black, each at an opacity and slid
/// sideways, then optionally smeared horizontally. A dissolve is two cards whose opacities add up
/// to 1; a fade is one card below full opacity; a whip is two cards side by side, blurred.
///
/// `Card` names a card: a plan node while the timeline is mapped, a `VideoShot.Source` in the encoder.
public struct BlendFrame<Card: Hashable & Sendable>: Hashable, Sendable {
    public struct Layer: Hashable, Sendable {
        public var card: Card
        /// 0 (invisible) … 1 (opaque); the layers of a frame are summed.
        public var opacity: Double
        /// How far the card is moved right, as a fraction of the picture's width (negative: left).
        public var offset: Double

        public init(card: Card, opacity: Double, offset: Double = 0) {
            self.card = card
            self.opacity = opacity
            self.offset = offset
        }
    }

    public var layers: [Layer]
    /// Radius of a horizontal box blur over the whole frame, as a fraction of the width.
    public var blur: Double

    public init(layers: [Layer], blur: Double = 0) {
        self.layers = layers
        self.blur = blur
    }

    /// Every layer's opacity multiplied by `gain` (a fade).
    public func scaled(by gain: Double) -> BlendFrame {
        var frame = self
        for i in frame.layers.indices { frame.layers[i].opacity *= gain }
        return frame
    }

    /// The same frame naming its cards differently.
    public func map<Other>(_ transform: (Card) throws -> Other) rethrows -> BlendFrame<Other> {
        BlendFrame<Other>(layers: try layers.map { .init(card: try transform($0.card), opacity: $0.opacity, offset: $0.offset) },
                          blur: blur)
    }

    /// The card alone, opaque and in place: the frame is a plain still.
    public var plainCard: Card? {
        guard blur == 0, layers.count == 1, layers[0].opacity == 1, layers[0].offset == 0 else { return nil }
        return layers[0].card
    }
}

/// A run of the episode's picture: a card held for a number of frames (encoded from its slot),
/// or transition frames each drawn from the cards it blends (encoded as frames of their own).
public enum PicturePiece<Card: Hashable & Sendable>: Hashable, Sendable {
    case still(Card, frames: Int)
    case blend([BlendFrame<Card>])

    public var frames: Int {
        switch self {
        case .still(_, let frames): frames
        case .blend(let frames): frames.count
        }
    }
}

/// Draws blend frames from card images (BGRA, all the same size).
enum BlendCompositor {
    /// Opacities in 1/256 steps: a frame is Σ weight × pixel / 256, so a dissolve's weights that
    /// add up to 1 add up to exactly 256.
    static func weights(_ opacities: [Double]) -> [Int] {
        var result: [Int] = []
        var cumulative = 0.0
        var given = 0
        for opacity in opacities {
            // Rounding the running sum keeps Σ weights = round(256 × Σ opacities).
            cumulative += max(0, min(1, opacity))
            let total = Int((cumulative * 256).rounded())
            result.append(max(0, total - given))
            given += max(0, total - given)
        }
        return result
    }

    /// The frame's BGRA pixels. `images` holds one image per layer, in layer order.
    static func render<Card>(_ frame: BlendFrame<Card>, images: [CardImage], width: Int, height: Int) -> [UInt8] {
        var accumulator = [UInt32](repeating: 0, count: width * height * 4)
        let weights = weights(frame.layers.map(\.opacity))
        for (layer, (image, weight)) in zip(frame.layers, zip(images, weights)) where weight > 0 {
            // A card moved a whole width or more is out of the picture.
            let shift = Int((max(-1, min(1, layer.offset)) * Double(width)).rounded())
            // Columns of the output covered by the moved card.
            let from = max(0, shift), to = min(width, width + shift)
            guard from < to else { continue }
            let w = UInt32(weight)
            image.bgra.withUnsafeBufferPointer { source in
                accumulator.withUnsafeMutableBufferPointer { sum in
                    for y in 0..<height {
                        let row = y * width * 4
                        for x in (from * 4)..<(to * 4) {
                            sum[row + x] &+= w &* UInt32(source[row + x - shift * 4])
                        }
                    }
                }
            }
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        pixels.withUnsafeMutableBufferPointer { out in
            accumulator.withUnsafeBufferPointer { sum in
                for i in 0..<(width * height * 4) { out[i] = UInt8(min(255, (sum[i] + 128) >> 8)) }
                for i in stride(from: 3, to: width * height * 4, by: 4) { out[i] = 255 }
            }
        }
        let radius = Int((frame.blur * Double(width)).rounded())
        if radius > 0 { boxBlurRows(&pixels, width: width, height: height, radius: radius) }
        return pixels
    }

    /// A horizontal box blur of `radius` pixels each side (edges repeat the border pixel).
    static func boxBlurRows(_ pixels: inout [UInt8], width: Int, height: Int, radius: Int) {
        let span = 2 * radius + 1
        var row = [UInt32](repeating: 0, count: width * 4)
        pixels.withUnsafeMutableBufferPointer { p in
            for y in 0..<height {
                let base = y * width * 4
                for i in 0..<(width * 4) { row[i] = UInt32(p[base + i]) }
                for c in 0..<3 {
                    func at(_ x: Int) -> UInt32 { row[min(max(x, 0), width - 1) * 4 + c] }
                    var sum: UInt32 = 0
                    for x in -radius...radius { sum += at(x) }
                    for x in 0..<width {
                        p[base + x * 4 + c] = UInt8((sum + UInt32(span / 2)) / UInt32(span))
                        sum = sum + at(x + radius + 1) - at(x - radius)
                    }
                }
            }
        }
    }
}
