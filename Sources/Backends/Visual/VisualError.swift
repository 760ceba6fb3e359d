/// What can go wrong while drawing a card.
public enum VisualError: Error, Equatable, CustomStringConvertible {
    /// The private font configuration could not be built (a font package is missing).
    case fontSetup(String)
    /// Cairo reported an error (out of memory, an unwritable PNG path, …).
    case cairo(String)

    public var description: String {
        switch self {
        case .fontSetup(let message): "font setup failed: \(message)"
        case .cairo(let message): "cairo: \(message)"
        }
    }
}
