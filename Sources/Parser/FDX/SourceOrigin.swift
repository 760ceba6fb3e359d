/// Where a tree read from a non-Fountain file came from. An FDX file is read by translating it
/// into canonical Fountain (the tree's `source`) and parsing that; the origin keeps the original
/// bytes and maps every element, title-page field and inline note back to the XML element it
/// came from, so diagnostics and the JSON form point into the .fdx.
///
/// Coordinates: element, line and note ranges of the tree are offsets into `source` (the
/// translation); `Screenplay.diagnostics` are offsets into `origin.file`. Map other ranges of
/// the translation with `map(_:)`.
public struct SourceOrigin: Sendable, Hashable {
    /// The original file (e.g. the .fdx), byte for byte.
    public var file: SourceFile
    /// Start offsets of the lines of `file`.
    public var lineStarts: [Int]
    /// The XML range (start tag to end tag) of the paragraph each element came from; parallel to
    /// `Screenplay.elements`.
    public var elementRanges: [SourceRange]
    /// The FDX paragraph type each element came from (`Shot`, `General`, …; empty when the
    /// element has no paragraph of its own); parallel to `Screenplay.elements`. The FDX writer
    /// uses it to give paragraphs back their original type.
    public var elementTypes: [String]
    /// The range of `<TitlePage>`, and of the paragraphs of each title-page field.
    public var titlePageRange: SourceRange?
    public var titleFieldRanges: [SourceRange]
    /// Translation ranges → original ranges, sorted by translation start, not overlapping.
    public var segments: [Segment]

    public struct Segment: Sendable, Hashable {
        public var translated: SourceRange
        public var original: SourceRange
        public init(translated: SourceRange, original: SourceRange) {
            self.translated = translated
            self.original = original
        }
    }

    public init(
        file: SourceFile, lineStarts: [Int], elementRanges: [SourceRange] = [], elementTypes: [String] = [],
        titlePageRange: SourceRange? = nil, titleFieldRanges: [SourceRange] = [], segments: [Segment] = []
    ) {
        self.file = file
        self.lineStarts = lineStarts
        self.elementRanges = elementRanges
        self.elementTypes = elementTypes
        self.titlePageRange = titlePageRange
        self.titleFieldRanges = titleFieldRanges
        self.segments = segments
    }

    public var locationConverter: SourceLocationConverter {
        SourceLocationConverter(bytes: file.bytes, lineStarts: lineStarts)
    }

    /// The original range of a range of the translation: the segment holding its start, else
    /// the nearest segment before it, else the start of the file.
    public func map(_ range: SourceRange) -> SourceRange {
        var lo = 0
        var hi = segments.count - 1
        var best = -1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if segments[mid].translated.start <= range.start {
                best = mid
                lo = mid + 1
            } else {
                hi = mid - 1
            }
        }
        if best < 0 { return segments.first?.original ?? SourceRange(start: 0, end: 0) }
        return segments[best].original
    }
}

extension Screenplay {
    /// The range to report for `range` of the source: itself for Fountain, the original XML
    /// range for a tree read from FDX.
    public func reportedRange(_ range: SourceRange) -> SourceRange {
        origin?.map(range) ?? range
    }

    /// The range to report for element `index`.
    public func reportedRange(ofElement index: Int) -> SourceRange {
        if let origin, index < origin.elementRanges.count { return origin.elementRanges[index] }
        return elements[index].range
    }

    /// The range to report for title-page field `index`.
    public func reportedRange(ofTitleField index: Int) -> SourceRange {
        if let origin, index < origin.titleFieldRanges.count { return origin.titleFieldRanges[index] }
        return titlePage?.fields[index].range ?? SourceRange(start: 0, end: 0)
    }

    /// The file diagnostics point into: the original file for a tree read from FDX.
    public var reportedFile: SourceFile { origin?.file ?? source }
}
