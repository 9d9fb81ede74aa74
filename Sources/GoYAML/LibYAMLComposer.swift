import CYaml

/// Reads every document of a YAML text into `ComposedNode` trees with libyaml's event parser
/// (the C library inside Yams). Unlike Yams' own composer this keeps repeated mapping keys
/// (go-yaml lets the last one win) and never drops a leading U+FEFF from a scalar.
struct LibYAMLComposer {
    static func documents(_ text: String) throws -> [ComposedNode] {
        var text = text
        return try text.withUTF8 { bytes in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                throw YAMLInputError(line: 0, column: 0, message: "cannot initialise the YAML parser")
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            if let base = bytes.baseAddress {
                yaml_parser_set_input_string(&parser, base, bytes.count)
            } else {
                var empty: UInt8 = 0
                yaml_parser_set_input_string(&parser, &empty, 0)
            }
            var composer = Composer()
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { throw parserError(parser) }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                try composer.handle(event)
            }
            return composer.documents
        }
    }

    private static func parserError(_ parser: yaml_parser_t) -> YAMLInputError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) + " " } ?? ""
        let mark = parser.problem_mark
        return YAMLInputError(line: Int(mark.line) + 1, column: Int(mark.column) + 1, message: context + problem)
    }
}

private struct Composer {
    var documents: [ComposedNode] = []
    /// Open collections, innermost last.
    var stack: [ComposedNode] = []
    var anchors: [String: ComposedNode] = [:]

    mutating func handle(_ event: yaml_event_t) throws {
        let line = Int(event.start_mark.line) + 1
        let column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            // Anchors are scoped to their document.
            anchors.removeAll()
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
            let tag = string(s.tag)
            let node = ComposedNode(kind: .scalar, text: text, tag: tag,
                                    implicit: tag.isEmpty && s.plain_implicit != 0 && s.style == YAML_PLAIN_SCALAR_STYLE,
                                    line: line, column: column)
            register(s.anchor, node)
            add(node)
        case YAML_SEQUENCE_START_EVENT:
            let node = ComposedNode(kind: .sequence, tag: string(event.data.sequence_start.tag), implicit: false, line: line, column: column)
            register(event.data.sequence_start.anchor, node)
            stack.append(node)
        case YAML_MAPPING_START_EVENT:
            let node = ComposedNode(kind: .mapping, tag: string(event.data.mapping_start.tag), implicit: false, line: line, column: column)
            register(event.data.mapping_start.anchor, node)
            stack.append(node)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            if let node = stack.popLast() { add(node) }
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor)
            guard let target = anchors[name] else {
                throw YAMLInputError(line: line, column: column, message: "unknown anchor '\(name)' referenced")
            }
            add(target)
        default:
            break
        }
    }

    private mutating func add(_ node: ComposedNode) {
        if let parent = stack.last {
            parent.children.append(node)
        } else {
            documents.append(node)
        }
    }

    private mutating func register(_ anchor: UnsafeMutablePointer<yaml_char_t>?, _ node: ComposedNode) {
        guard anchor != nil else { return }
        anchors[string(anchor)] = node
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }
}
