/// The canonical text the apiserver stores for a quantity given in JSON/YAML (surrounding
/// whitespace trimmed as Go's UnmarshalJSON does).
func canonicalQuantity(_ text: String) throws -> String {
    try Quantity.canonicalTrimmingSpace(text)
}
