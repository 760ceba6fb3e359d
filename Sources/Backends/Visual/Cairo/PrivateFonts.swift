import CCairoPango
import Foundation

/// A private fontconfig configuration holding exactly the fonts the cards use: the four
/// Courier Prime files (with their weight and slant set by file, because Debian 12 ships them
/// with identical metadata and fontconfig would otherwise always pick the bold face) and DejaVu
/// Sans as the fallback for glyphs Courier Prime lacks. Nothing from the host's font setup is
/// read, so a card renders the same on every machine that has these two packages.
///
/// The configuration is immutable once built; fontconfig reference-counts it and Pango takes
/// its own reference when a font map adopts it.
final class PrivateFonts {
    /// The family name cards ask Pango for.
    static let screenplayFamily = "Courier Prime"

    /// Where Debian's `fonts-courier-prime` and `fonts-dejavu-core` install their files.
    static let courierPrimeFolder = "/usr/share/fonts/opentype/courier-prime"
    static let dejaVuFolder = "/usr/share/fonts/truetype/dejavu"

    /// fontconfig's numeric weights and slants (`FC_WEIGHT_REGULAR`, `FC_WEIGHT_BOLD`,
    /// `FC_SLANT_ROMAN`, `FC_SLANT_ITALIC`).
    private static let regular: Int32 = 80
    private static let bold: Int32 = 200
    private static let roman: Int32 = 0
    private static let italic: Int32 = 100

    /// The owned `FcConfig`.
    let config: OpaquePointer

    init() throws(VisualError) {
        guard let config = FcConfigCreate() else {
            throw VisualError.fontSetup("fontconfig could not create a configuration")
        }
        self.config = config
        // DejaVu first: it creates the application font set the Courier Prime faces join.
        for file in ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"] {
            let path = "\(Self.dejaVuFolder)/\(file)"
            guard FileManager.default.fileExists(atPath: path), scriptc_fc_app_font_add_file(config, path) > 0 else {
                FcConfigDestroy(config)
                throw VisualError.fontSetup(
                    "missing or unreadable font '\(path)' (install the Debian package 'fonts-dejavu-core')")
            }
        }
        let faces: [(file: String, weight: Int32, slant: Int32, style: String)] = [
            ("Courier Prime.otf", Self.regular, Self.roman, "Regular"),
            ("Courier Prime Bold.otf", Self.bold, Self.roman, "Bold"),
            ("Courier Prime Italic.otf", Self.regular, Self.italic, "Italic"),
            ("Courier Prime Bold Italic.otf", Self.bold, Self.italic, "Bold Italic"),
        ]
        for face in faces {
            let path = "\(Self.courierPrimeFolder)/\(face.file)"
            guard FileManager.default.fileExists(atPath: path),
                scriptc_fc_add_font_file(config, path, face.weight, face.slant, face.style) > 0
            else {
                FcConfigDestroy(config)
                throw VisualError.fontSetup(
                    "missing or unreadable font '\(path)' (install the Debian package 'fonts-courier-prime')")
            }
        }
    }

    deinit {
        FcConfigDestroy(config)
    }
}
