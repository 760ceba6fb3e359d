internal import CLibXML2

// The one file of scriptc that talks to libxml2: every raw pointer, C callback and libxml2 call
// lives here. The rest of the FDX code sees `XMLTree` (reading) and `XMLWriter` (writing).
//
// Security model of the reader (see docs/fdx.md):
// - the input is a byte buffer in memory; no URL, path or external entity is ever opened:
//   XML_PARSE_NONET is set, XML_PARSE_NOENT and XML_PARSE_DTDLOAD are not, and the SAX handler
//   has no external-subset or entity-resolver callback;
// - any entity declaration (general or parameter) stops the parse with an error, so entity
//   expansion ("billion laughs") is bounded by zero, and a DOCTYPE naming an external DTD is
//   refused too;
// - size (`maxBytes`) and nesting depth (`maxDepth`) are limited;
// - errors arrive through the structured error callback with the owner object reached through
//   the parser context (no globals), and the first fatal one becomes an `XMLParseError`.

extension XMLTree {
    /// Parses `bytes` into a tree. Never reads anything but `bytes`.
    public static func parse(_ bytes: [UInt8], options: ParseOptions = ParseOptions()) throws(XMLParseError) -> XMLTree {
        if bytes.count > options.maxBytes {
            throw XMLParseError(
                message: "file is \(bytes.count) bytes; the limit for XML input is \(options.maxBytes) bytes",
                line: 1, column: 1, offset: 0)
        }
        if bytes.isEmpty {
            throw XMLParseError(message: "empty file: expected an XML document", line: 1, column: 1, offset: 0)
        }
        let builder = SAXBuilder(options: options)
        let wellFormed: Bool = bytes.withUnsafeBufferPointer { buf -> Bool in
            builder.input = buf
            defer { builder.input = nil }
            let owner = Unmanaged.passUnretained(builder).toOpaque()
            let flags = Int32(XML_PARSE_NONET.rawValue) | Int32(XML_PARSE_NOCDATA.rawValue)
            guard let ctxt = buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count, { chars in
                scriptc_sax_create(
                    chars, Int32(buf.count), owner, flags, saxStartElement, saxEndElement, saxCharacters,
                    saxEntityDecl, saxInternalSubset, saxError)
            }) else {
                builder.fail("cannot create an XML parser", line: 1, column: 1, offset: 0)
                return false
            }
            defer { scriptc_sax_free(ctxt) }
            return scriptc_sax_run(ctxt) != 0
        }
        if let error = builder.error { throw error }
        guard wellFormed, !builder.tree.nodes.isEmpty else {
            throw XMLParseError(message: "not a well-formed XML document", line: 1, column: 1, offset: 0)
        }
        if !builder.stack.isEmpty {
            throw XMLParseError(message: "unexpected end of file inside an element", line: 1, column: 1, offset: bytes.count)
        }
        return builder.tree
    }
}

/// Collects SAX events into an `XMLTree`. Used by one parse on one thread only.
private final class SAXBuilder {
    let options: ParseOptions
    var tree = XMLTree()
    var stack: [Int32] = []
    var error: XMLParseError?
    var input: UnsafeBufferPointer<UInt8>?
    /// The element whose character data is being kept, if any.
    var textOwner: Int32 = -1

    typealias ParseOptions = XMLTree.ParseOptions

    init(options: ParseOptions) {
        self.options = options
        tree.nodes.reserveCapacity(1024)
    }

    func fail(_ message: String, line: Int, column: Int, offset: Int?) {
        if error == nil { error = XMLParseError(message: message, line: line, column: column, offset: offset) }
    }

    /// The offset of the '<' that opens the tag ending at or before `offset`.
    func tagStart(before offset: Int) -> Int {
        guard let input else { return offset }
        var i = min(offset, input.count) - 1
        while i > 0 && input[i] != 0x3C { i -= 1 }
        return max(0, i)
    }
}

@inline(__always)
private func builder(_ ctx: UnsafeMutableRawPointer?) -> SAXBuilder? {
    guard let ctx, let owner = scriptc_sax_owner(ctx) else { return nil }
    return Unmanaged<SAXBuilder>.fromOpaque(owner).takeUnretainedValue()
}

private func stop(_ ctx: UnsafeMutableRawPointer, _ b: SAXBuilder, _ message: String, at offset: Int? = nil) {
    b.fail(
        message, line: Int(scriptc_sax_line(ctx)), column: Int(scriptc_sax_column(ctx)),
        offset: offset ?? Int(scriptc_sax_offset(ctx)))
    scriptc_sax_stop(ctx)
}

@inline(__always)
private func string(_ p: UnsafePointer<xmlChar>?) -> String {
    guard let p else { return "" }
    return String(cString: p)
}

private let saxStartElement: startElementNsSAX2Func = { ctx, localname, _, _, _, _, nbAttributes, _, attributes in
    guard let ctx, let b = builder(ctx), b.error == nil else { return }
    let name = string(localname)
    let start = b.tagStart(before: Int(scriptc_sax_offset(ctx)))
    let depth = b.stack.count + 1
    if depth > b.options.maxDepth {
        stop(ctx, b, "elements are nested more than \(b.options.maxDepth) levels deep", at: start)
        return
    }
    if b.stack.isEmpty && !b.tree.nodes.isEmpty {
        stop(ctx, b, "more than one document element", at: start)
        return
    }
    if b.stack.isEmpty, let expected = b.options.expectedRoot, name != expected {
        stop(ctx, b, "the document element is <\(name)>, not <\(expected)>: this is not a Final Draft (.fdx) file", at: start)
        return
    }
    var attrs: [XMLTree.Attribute] = []
    if nbAttributes > 0, let attributes {
        attrs.reserveCapacity(Int(nbAttributes))
        for k in 0..<Int(nbAttributes) {
            // Five pointers per attribute: localname, prefix, URI, value start, value end.
            let local = attributes[5 * k]
            guard let vs = attributes[5 * k + 3], let ve = attributes[5 * k + 4] else { continue }
            let value = String(decoding: UnsafeBufferPointer(start: vs, count: vs.distance(to: ve)), as: UTF8.self)
            attrs.append(XMLTree.Attribute(name: string(local), value: value))
        }
    }
    let parent = b.stack.last ?? -1
    let index = Int32(b.tree.nodes.count)
    let textAt = Int32(b.tree.text.count)
    b.tree.nodes.append(XMLTree.Node(
        name: name, attributes: attrs, parent: parent, textStart: textAt, textEnd: textAt, start: start, end: start))
    if parent >= 0 {
        let p = Int(parent)
        if b.tree.nodes[p].lastChild >= 0 {
            b.tree.nodes[Int(b.tree.nodes[p].lastChild)].nextSibling = index
        } else {
            b.tree.nodes[p].firstChild = index
        }
        b.tree.nodes[p].lastChild = index
    }
    b.stack.append(index)
    b.textOwner = b.options.textElements.contains(name) ? index : -1
}

private let saxEndElement: endElementNsSAX2Func = { ctx, _, _, _ in
    guard let ctx, let b = builder(ctx), b.error == nil, let index = b.stack.popLast() else { return }
    b.tree.nodes[Int(index)].end = Int(scriptc_sax_offset(ctx))
    b.textOwner = -1
}

private let saxCharacters: charactersSAXFunc = { ctx, chars, len in
    guard let ctx, let b = builder(ctx), b.error == nil, b.textOwner >= 0, let chars, len > 0 else { return }
    guard b.stack.last == b.textOwner else { return }
    b.tree.text.append(contentsOf: UnsafeBufferPointer(start: chars, count: Int(len)))
    b.tree.nodes[Int(b.textOwner)].textEnd = Int32(b.tree.text.count)
}

private let saxEntityDecl: entityDeclSAXFunc = { ctx, name, _, _, _, _ in
    guard let ctx, let b = builder(ctx) else { return }
    stop(ctx, b, "entity declaration '\(string(name))' refused: FDX files never declare entities, and expanding them is unsafe")
}

private let saxInternalSubset: internalSubsetSAXFunc = { ctx, _, externalID, systemID in
    guard let ctx, let b = builder(ctx) else { return }
    if externalID != nil || systemID != nil {
        stop(ctx, b, "external DTD '\(string(systemID ?? externalID))' refused: nothing outside the input file is read")
    }
}

private let saxError: xmlStructuredErrorFunc = { ctx, error in
    guard let ctx, let b = builder(ctx), let error else { return }
    let e = error.pointee
    guard e.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    var message = string(e.message.map { UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self) })
    while let last = message.last, last == "\n" || last == " " { message.removeLast() }
    if let first = message.first, first.isUppercase, message.dropFirst().first?.isLowercase == true {
        message = first.lowercased() + message.dropFirst()
    }
    let line = Int(e.line)
    let column = Int(e.int2)
    b.fail(message.isEmpty ? "malformed XML" : message, line: max(1, line), column: max(1, column), offset: nil)
}

// MARK: - Writing

/// An XML document being written through libxml2's xmlTextWriter (escaping, well-formedness
/// and indentation are libxml2's). Not shareable across threads; `finish()` returns the bytes.
final class XMLWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    private var failed = false

    init?(indent: Bool = true) {
        guard let buffer = xmlBufferCreateSize(1 << 16) else { return nil }
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            return nil
        }
        self.buffer = buffer
        self.writer = writer
        if indent {
            xmlTextWriterSetIndent(writer, 1)
            xmlTextWriterSetIndentString(writer, "  ")
        }
        check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", "no"))
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    @inline(__always) private func check(_ r: Int32) { if r < 0 { failed = true } }

    func start(_ name: String) { check(xmlTextWriterStartElement(writer, name)) }

    func attribute(_ name: String, _ value: String) {
        check(xmlTextWriterWriteAttribute(writer, name, XMLWriter.clean(value)))
    }

    func text(_ value: String) { check(xmlTextWriterWriteString(writer, XMLWriter.clean(value))) }

    func end() { check(xmlTextWriterEndElement(writer)) }

    /// An element with attributes and no content.
    func empty(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        start(name)
        for (k, v) in attributes { attribute(k, v) }
        end()
    }

    /// Closes the document and returns its bytes, or nil when libxml2 reported a failure.
    func finish() -> [UInt8]? {
        check(xmlTextWriterEndDocument(writer))
        check(xmlTextWriterFlush(writer))
        guard !failed, let content = xmlBufferContent(buffer) else { return nil }
        let n = Int(xmlBufferLength(buffer))
        return Array(UnsafeBufferPointer(start: content, count: n))
    }

    /// Removes characters XML 1.0 cannot carry (C0 controls other than tab and line breaks,
    /// U+FFFE, U+FFFF).
    static func clean(_ s: String) -> String {
        var needs = false
        var previous: (UInt8, UInt8) = (0, 0)
        for u in s.utf8 {
            if (u < 0x20 && u != 0x09 && u != 0x0A && u != 0x0D) || (previous == (0xEF, 0xBF) && (u == 0xBE || u == 0xBF)) {
                needs = true
                break
            }
            previous = (previous.1, u)
        }
        if !needs { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if u.value < 0x20 && u != "\t" && u != "\n" && u != "\r" { continue }
            if u.value == 0xFFFE || u.value == 0xFFFF { continue }
            out.append(u)
        }
        return String(out)
    }
}
