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
        /// The part of the picture the card shows in; black elsewhere.
        public var window: Window

        public init(card: Card, opacity: Double, offset: Double = 0, window: Window = .whole) {
            self.card = card
            self.opacity = opacity
            self.offset = offset
            self.window = window
        }
    }

    /// Where a layer is seen: everywhere, in the columns between two fractions of the width (a
    /// wipe's two sides), or in a circle about the centre whose radius is a fraction of the
    /// half-diagonal (an iris; 1 reaches the corners).
    public enum Window: Hashable, Sendable {
        case whole
        case columns(from: Double, to: Double)
        case circle(radius: Double)

        var isFinite: Bool {
            switch self {
            case .whole: true
            case .columns(let a, let b): a.isFinite && b.isFinite
            case .circle(let r): r.isFinite
            }
        }

        /// For cache keys: the window to 1/10000.
        var key: String {
            switch self {
            case .whole: ""
            case .columns(let a, let b): String(format: "[%.4f,%.4f]", a, b)
            case .circle(let r): String(format: "(%.4f)", r)
            }
        }
    }

    public var layers: [Layer]
    /// How far each card is smeared sideways, either side, as a fraction of the width (a whip's
    /// motion blur: `BlendCompositor` paints the card as copies spread across it).
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

    /// Every layer seen only in `window` (layers already windowed keep the overlap of the two
    /// only when both are columns; otherwise the new window).
    public func windowed(_ window: Window) -> BlendFrame {
        var frame = self
        for i in frame.layers.indices {
            if case .columns(let a, let b) = frame.layers[i].window, case .columns(let c, let d) = window {
                frame.layers[i].window = .columns(from: max(a, c), to: min(b, d))
            } else {
                frame.layers[i].window = window
            }
        }
        return frame
    }

    /// The same frame naming its cards differently.
    public func map<Other>(_ transform: (Card) throws -> Other) rethrows -> BlendFrame<Other> {
        BlendFrame<Other>(layers: try layers.map {
            .init(card: try transform($0.card), opacity: $0.opacity, offset: $0.offset, window: BlendFrame<Other>.Window($0.window))
        }, blur: blur)
    }

    /// The card alone, opaque and in place: the frame is a plain still.
    public var plainCard: Card? {
        guard blur == 0, layers.count == 1, layers[0].opacity == 1, layers[0].offset == 0, layers[0].window == .whole else { return nil }
        return layers[0].card
    }
}

extension BlendFrame.Window {
    /// The same window for a frame that names its cards differently.
    init<Other>(_ other: BlendFrame<Other>.Window) {
        switch other {
        case .whole: self = .whole
        case .columns(let a, let b): self = .columns(from: a, to: b)
        case .circle(let r): self = .circle(radius: r)
        }
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

/// Draws blend frames from card images (BGRA, all the same size) with Cairo.
enum BlendCompositor {
    /// Part of every run's cache key and of the picture's: bump it when the same frame
    /// description draws differently, or when `RenderMapping.pictureGeometry` draws a transition
    /// on other frames or with other layers.
    static let version = "cairo-add-2"

    /// The frame's BGRA pixels. `images` holds one image per layer, in layer order.
    static func render<Card>(_ frame: BlendFrame<Card>, images: [CardImage], width: Int, height: Int) throws(VisualError) -> [UInt8] {
        let smear = Int((max(0, frame.blur) * Double(width)).rounded())
        let layers = zip(frame.layers, images).map { layer, image in
            // A card moved a whole width or more is out of the picture.
            CompositeLayer(image: image, opacity: max(0, min(1, layer.opacity)),
                           shift: Int((max(-1, min(1, layer.offset)) * Double(width)).rounded()), smear: smear,
                           clip: clip(layer.window, width: width, height: height))
        }
        return try CardImage.composite(layers, width: width, height: height).bgra
    }

    /// A layer's window in pixels.
    static func clip<Card>(_ window: BlendFrame<Card>.Window, width: Int, height: Int) -> CompositeLayer.Clip {
        let w = Double(width), h = Double(height)
        switch window {
        case .whole:
            return .none
        case .columns(let from, let to):
            let a = max(0, min(1, from)) * w, b = max(0, min(1, to)) * w
            return .rectangle(x: a, y: 0, width: max(0, b - a), height: h)
        case .circle(let radius):
            return .circle(x: w / 2, y: h / 2, radius: max(0, min(1, radius)) * (w * w + h * h).squareRoot() / 2)
        }
    }
}
