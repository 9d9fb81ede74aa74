import KubeSchema

/// What Go's encoding/json prints for one field, decided from the wire occurrences and the
/// field's Go type and tags. Shared by the JSON and YAML transcoders so both follow one rule set.
enum FieldPresence {
    /// Left out (omitempty / omitzero).
    case omit
    /// A Go zero value that is not on the wire.
    case zero(ZeroValue)
    /// A non-pointer struct that is not on the wire: printed as the empty struct.
    case emptyStruct(Int32)
    /// The last occurrence of a single field.
    case value(Occurrence)
    /// A named slice wrapped in a message.
    case wrapped(Occurrence)
    /// First occurrence of a repeated field.
    case list(Int32)
    /// First occurrence of a map field.
    case map(Int32)

    enum ZeroValue {
        case null, emptyString, zeroNumber, falseValue, quantity, duration
    }

    @inline(__always)
    static func of(_ f: FlatField, _ m: IndexedMessage, _ fi: Int, _ stack: IndexStack, omitZero: Bool) -> FieldPresence {
        switch f.cardinality {
        case .list:
            let head = stack.head(m, fi)
            return head >= 0 ? .list(head) : f.omitEmpty ? .omit : .zero(.null)
        case .map:
            let head = stack.head(m, fi)
            return head >= 0 ? .map(head) : f.omitEmpty ? .omit : .zero(.null)
        case .single:
            let tail = stack.tail(m, fi)
            if tail < 0 { return absent(f, omitZero: omitZero) }
            let occ = stack.occurrence(tail)
            if f.isWrapped { return .wrapped(occ) }
            if !f.isPointer {
                if f.omitEmpty && isEmptyScalar(f.element, occ) { return .omit }
                if f.element.isTimestamp && occ.start == occ.end
                    && f.hasOmitZero && omitZero { return .omit }
            }
            return .value(occ)
        }
    }

    /// A single field that is not on the wire: Go's zero value for its type.
    static func absent(_ f: FlatField, omitZero: Bool) -> FieldPresence {
        if f.isPointer || f.isWrapped { return f.omitEmpty ? .omit : .zero(.null) }
        switch f.element {
        case .string: return f.omitEmpty ? .omit : .zero(.emptyString)
        case .int32, .int64, .float64: return f.omitEmpty ? .omit : .zero(.zeroNumber)
        case .bool: return f.omitEmpty ? .omit : .zero(.falseValue)
        case .bytes: return f.omitEmpty ? .omit : .zero(.null)
        case .message(let t): return .emptyStruct(t)
        case .time, .microTime:
            // encoding/json never omits a struct for omitempty; only omitzero (1.34+) drops it.
            return f.hasOmitZero && omitZero ? .omit : .zero(.null)
        case .quantity: return .zero(.quantity)
        case .intOrString: return .zero(.zeroNumber)
        case .duration: return .zero(.duration)
        case .rawExtension, .fieldsV1, .json, .unknown, .propsOrArray, .propsOrStringArray: return .zero(.null)
        case .propsOrBool: return .zero(.falseValue)
        }
    }

    @inline(__always)
    static func isEmptyScalar(_ e: Element, _ occ: Occurrence) -> Bool {
        switch e {
        case .string, .bytes: return occ.start == occ.end
        case .int32: return UInt32(truncatingIfNeeded: occ.value) == 0
        case .int64, .bool: return occ.value == 0
        case .float64: return Double(bitPattern: occ.value) == 0
        default: return false
        }
    }
}

