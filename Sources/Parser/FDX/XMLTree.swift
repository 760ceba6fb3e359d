/// A small read-only element tree built from an XML document by `XMLTree.parse` (libxml2 SAX2
/// underneath, see LibXML.swift). It keeps what FDX needs: element names, attributes, the
/// character data of `<Text>`-like leaf elements, and the exact byte range of every element in
/// the input, so diagnostics can point into the file.
public struct XMLTree: Sendable {
    public struct NodeID: Hashable, Sendable {
        public let index: Int32
        init(_ index: Int32) { self.index = index }
    }

    public struct Attribute: Sendable, Hashable {
        public var name: String
        public var value: String
    }

    struct Node: Sendable {
        var name: String
        var attributes: [Attribute]
        var parent: Int32
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var nextSibling: Int32 = -1
        /// Character data directly inside the element: a range of `text`.
        var textStart: Int32 = 0
        var textEnd: Int32 = 0
        /// From '<' of the start tag to just after the '>' of the end tag.
        var start: Int
        var end: Int
    }

    var nodes: [Node] = []
    var text: [UInt8] = []

    /// The document element.
    public var root: NodeID? { nodes.isEmpty ? nil : NodeID(0) }

    public func name(_ n: NodeID) -> String { nodes[Int(n.index)].name }

    public func range(_ n: NodeID) -> SourceRange {
        let node = nodes[Int(n.index)]
        return SourceRange(start: node.start, end: max(node.start, node.end))
    }

    public func attributes(_ n: NodeID) -> [Attribute] { nodes[Int(n.index)].attributes }

    public func attribute(_ name: String, of n: NodeID) -> String? {
        for a in nodes[Int(n.index)].attributes where a.name == name { return a.value }
        return nil
    }

    public func parent(_ n: NodeID) -> NodeID? {
        let p = nodes[Int(n.index)].parent
        return p < 0 ? nil : NodeID(p)
    }

    /// Child elements in document order.
    public func children(_ n: NodeID) -> [NodeID] {
        var out: [NodeID] = []
        var c = nodes[Int(n.index)].firstChild
        while c >= 0 {
            out.append(NodeID(c))
            c = nodes[Int(c)].nextSibling
        }
        return out
    }

    /// The first child element called `name`.
    public func child(_ name: String, of n: NodeID) -> NodeID? {
        var c = nodes[Int(n.index)].firstChild
        while c >= 0 {
            if nodes[Int(c)].name == name { return NodeID(c) }
            c = nodes[Int(c)].nextSibling
        }
        return nil
    }

    /// The raw UTF-8 character data directly inside a leaf element (entities and character
    /// references resolved). Only elements listed in `ParseOptions.textElements` keep text.
    public func textBytes(_ n: NodeID) -> ArraySlice<UInt8> {
        let node = nodes[Int(n.index)]
        return text[Int(node.textStart)..<Int(node.textEnd)]
    }

    public func text(_ n: NodeID) -> String { String(decoding: textBytes(n), as: UTF8.self) }

    /// All elements below `n` (depth first, document order) called `name`.
    public func descendants(_ name: String, of n: NodeID) -> [NodeID] {
        var out: [NodeID] = []
        func walk(_ i: Int32) {
            var c = nodes[Int(i)].firstChild
            while c >= 0 {
                if nodes[Int(c)].name == name { out.append(NodeID(c)) }
                walk(c)
                c = nodes[Int(c)].nextSibling
            }
        }
        walk(n.index)
        return out
    }

    public var elementCount: Int { nodes.count }

    /// Limits that keep hostile input from costing more than a bounded amount of time and memory.
    public struct ParseOptions: Sendable {
        /// Inputs larger than this are refused before parsing.
        public var maxBytes: Int = 64 << 20
        /// Elements nested deeper than this stop the parse with an error.
        public var maxDepth: Int = 64
        /// When set, a document element with another name stops the parse at once.
        public var expectedRoot: String? = nil
        /// Elements whose character data is kept.
        public var textElements: Set<String> = ["Text"]

        public init(maxBytes: Int = 64 << 20, maxDepth: Int = 64, expectedRoot: String? = nil, textElements: Set<String> = ["Text"]) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
            self.expectedRoot = expectedRoot
            self.textElements = textElements
        }
    }
}

/// A fatal XML problem: not well-formed, refused by a security rule, or not the expected document.
public struct XMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// 1-based line and column, as libxml2 reports them (column in bytes).
    public var line: Int
    public var column: Int
    /// The byte offset, when known.
    public var offset: Int?

    public init(message: String, line: Int, column: Int, offset: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String { "\(line):\(column): \(message)" }
}
