import GoJSON

/// A streaming YAML writer that reproduces, byte for byte, what go-yaml v2 (and so
/// `sigs.k8s.io/yaml.JSONToYAML`) prints with its default settings: block style, indent 2,
/// line width 80, unicode allowed, sequences not indented under a mapping key.
///
/// Drive it with events in document order; the caller sorts mapping keys (`goYAMLKeyLess`) and
/// calls `emptyMapping`/`emptySequence` for empty collections. After `endDocument()` the
/// emitter is ready for the next document (the caller writes any `---` separator itself).
///
/// The emitter owns its output memory, so it cannot be copied.
public struct YAMLEmitter: ~Copyable {
    var buffer: ByteBuffer

    /// The text written so far.
    public var output: [UInt8] { buffer.bytes }

    // libyaml emitter state (names follow go-yaml's emitter so the port can be checked).
    var indent = -1
    var indents: [Int] = []
    var column = 0
    var whitespace = true
    var indention = true
    /// Where the next event lands; the enclosing collections' states are on `outerFrames`.
    var frame: Frame = .root
    var outerFrames: [Frame] = []
    var mappingContext = false
    var simpleKeyContext = false
    /// Holds a string after invalid UTF-8 was replaced; reused, so no allocation per scalar.
    var repaired: [UInt8] = []

    static let bestIndent = 2
    static let bestWidth = 80
    /// go-yaml writes a key longer than this (in bytes) as a complex `? key` entry.
    static let maxSimpleKeyLength = 128

    enum Frame: UInt8 {
        case root, rootDone, sequence, mappingKey, mappingSimpleValue, mappingValue
    }

    public init(reservingCapacity capacity: Int = 4096) {
        buffer = ByteBuffer(capacity: capacity)
        indents.reserveCapacity(32)
        outerFrames.reserveCapacity(32)
    }

    deinit { buffer.deallocate() }

    // MARK: Collections

    /// Starts a non-empty block mapping as the next value.
    public mutating func beginMapping() {
        beginNode()
        increaseIndent(flow: false, indentless: false)
        outerFrames.append(frame)
        frame = .mappingKey
    }

    public mutating func endMapping() {
        endCollection()
    }

    /// Starts a non-empty block sequence as the next value.
    public mutating func beginSequence() {
        beginNode()
        // A sequence that is a mapping value is not indented further ("key:\n- item").
        increaseIndent(flow: false, indentless: mappingContext && !indention)
        outerFrames.append(frame)
        frame = .sequence
    }

    public mutating func endSequence() {
        endCollection()
    }

    public mutating func emptyMapping() {
        beginNode()
        writeIndicator(UInt8(ascii: "{"), needWhitespace: true, isWhitespace: true, isIndention: false)
        writeIndicator(UInt8(ascii: "}"), needWhitespace: false, isWhitespace: false, isIndention: false)
    }

    public mutating func emptySequence() {
        beginNode()
        writeIndicator(UInt8(ascii: "["), needWhitespace: true, isWhitespace: true, isIndention: false)
        writeIndicator(UInt8(ascii: "]"), needWhitespace: false, isWhitespace: false, isIndention: false)
    }

    // MARK: Scalars

    /// A mapping key (keys are strings in everything JSON-shaped).
    /// A mapping key analysed once, for keys that never change (schema field names).
    public struct PreparedKey: Sendable {
        let analysis: ScalarAnalysis
        let changesType: Bool
        /// The key is written as a plain simple key (the style `writeString` would choose for a
        /// one-line, non-empty key that needs no quotes), so the style choice can be skipped.
        let plainSimpleKey: Bool

        /// `utf8` must be valid UTF-8 without NEL (field names are ASCII identifiers).
        public init(_ utf8: UnsafeBufferPointer<UInt8>) {
            analysis = ScalarAnalysis(utf8)
            changesType = plainScalarChangesType(utf8)
            plainSimpleKey = !utf8.isEmpty && utf8.count <= YAMLEmitter.maxSimpleKeyLength && !analysis.multiline
                && !analysis.hasLineFeed && !changesType && analysis.blockPlainAllowed
        }
    }

    /// A key whose analysis was done in advance: the same output as `key(_:)`, less the work.
    @inline(__always)
    public mutating func key(_ utf8: UnsafeBufferPointer<UInt8>, prepared: PreparedKey) {
        guard prepared.plainSimpleKey else {
            writeKey(utf8, prepared.analysis, changesType: prepared.changesType)
            return
        }
        // writeKey → writeString → writePlain for a plain simple key, without the style choice.
        writeIndent()
        if !whitespace { putSpace() }
        buffer.append(utf8)
        column += prepared.analysis.characterCount
        whitespace = false
        indention = false
        mappingContext = true
        simpleKeyContext = false
        setTopFrame(.mappingSimpleValue)
    }

    mutating func writeKey(_ value: UnsafeBufferPointer<UInt8>, _ analysis: ScalarAnalysis, changesType: Bool?) {
        writeIndent()
        mappingContext = true
        if !analysis.multiline && value.count <= YAMLEmitter.maxSimpleKeyLength {
            simpleKeyContext = true
            writeString(value, analysis, changesType: changesType)
            simpleKeyContext = false
            setTopFrame(.mappingSimpleValue)
        } else {
            writeIndicator(UInt8(ascii: "?"), needWhitespace: true, isWhitespace: false, isIndention: true)
            simpleKeyContext = false
            writeString(value, analysis, changesType: changesType)
            setTopFrame(.mappingValue)
        }
    }

    public mutating func key(_ utf8: UnsafeBufferPointer<UInt8>) {
        withValidUTF8(utf8) { emitter, value, analysis in
            emitter.writeKey(value, analysis, changesType: nil)
        }
    }

    public mutating func key(_ string: String) {
        var string = string
        string.withUTF8 { key($0) }
    }

    /// A string value, quoted or folded exactly as go-yaml would.
    public mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        withValidUTF8(utf8) { emitter, value, analysis in
            emitter.beginNode()
            emitter.writeString(value, analysis)
        }
    }

    public mutating func string(_ string: String) {
        var string = string
        string.withUTF8 { self.string($0) }
    }

    public mutating func int(_ v: Int64) {
        beginNode()
        withDecimal(magnitude: v.magnitude, negative: v < 0) { writePlainToken($0) }
    }

    public mutating func uint(_ v: UInt64) {
        beginNode()
        withDecimal(magnitude: v, negative: false) { writePlainToken($0) }
    }

    /// `strconv.FormatFloat(v, 'g', -1, 64)` with go-yaml's `.inf`, `-.inf`, `.nan`.
    public mutating func float(_ v: Double) {
        beginNode()
        withGoYAMLFloatText(v) { writePlainToken($0) }
    }

    public mutating func bool(_ v: Bool) {
        beginNode()
        writePlainToken(v ? "true" : "false")
    }

    public mutating func null() {
        beginNode()
        writePlainToken("null")
    }

    /// Finishes the document with its final line break and resets the emitter for the next one.
    public mutating func endDocument() {
        indent = -1
        writeIndent()
        indents.removeAll(keepingCapacity: true)
        outerFrames.removeAll(keepingCapacity: true)
        frame = .root
        column = 0
        whitespace = true
        indention = true
        mappingContext = false
        simpleKeyContext = false
    }

    // MARK: Node bookkeeping

    /// What go-yaml writes before a node, depending on where it stands.
    @inline(__always)
    mutating func beginNode() {
        mappingContext = false
        simpleKeyContext = false
        switch frame {
        case .root:
            setTopFrame(.rootDone)
        case .sequence:
            writeIndent()
            writeIndicator(UInt8(ascii: "-"), needWhitespace: true, isWhitespace: false, isIndention: true)
        case .mappingSimpleValue:
            writeIndicator(UInt8(ascii: ":"), needWhitespace: false, isWhitespace: false, isIndention: false)
            mappingContext = true
            setTopFrame(.mappingKey)
        case .mappingValue:
            writeIndent()
            writeIndicator(UInt8(ascii: ":"), needWhitespace: true, isWhitespace: false, isIndention: true)
            mappingContext = true
            setTopFrame(.mappingKey)
        case .mappingKey, .rootDone:
            // A value where a key (or nothing) was expected is a caller bug; write it as
            // go-yaml would write a node in a mapping so the output stays well-formed-ish.
            assertionFailure("YAMLEmitter: value event where a key or the end was expected")
        }
    }

    @inline(__always)
    mutating func setTopFrame(_ frame: Frame) {
        self.frame = frame
    }

    mutating func endCollection() {
        if let last = indents.popLast() { indent = last }
        if let outer = outerFrames.popLast() { frame = outer }
    }

    mutating func increaseIndent(flow: Bool, indentless: Bool) {
        indents.append(indent)
        if indent < 0 {
            indent = flow ? YAMLEmitter.bestIndent : 0
        } else if !indentless {
            indent += YAMLEmitter.bestIndent
        }
    }

    /// Runs `body` on `utf8` and its analysis, or on a copy where each invalid byte became
    /// U+FFFD (what Go's `encoding/json` does before the text reaches go-yaml).
    mutating func withValidUTF8(
        _ utf8: UnsafeBufferPointer<UInt8>,
        _ body: (inout YAMLEmitter, UnsafeBufferPointer<UInt8>, ScalarAnalysis) -> Void
    ) {
        let analysis = ScalarAnalysis(utf8)
        if !analysis.hasNonASCII || isValidGoUTF8(utf8) {
            body(&self, utf8, analysis)
            return
        }
        var copy = repaired
        repaired = []
        copy.removeAll(keepingCapacity: true)
        var i = 0
        while i < utf8.count {
            let (r, w) = goDecodeRune(utf8, i)
            if r == 0xFFFD && w == 1 {
                copy.append(contentsOf: [0xEF, 0xBF, 0xBD])
            } else {
                copy.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[i..<(i + w)]))
            }
            i += w
        }
        copy.withUnsafeBufferPointer { body(&self, $0, ScalarAnalysis($0)) }
        repaired = copy
    }
}
