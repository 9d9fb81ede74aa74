/// The canonical text the apiserver stores for a quantity. Until Quantity.swift lands this
/// passes the text through (correct for already-canonical input, which is what etcd holds).
func canonicalQuantity(_ text: String) throws -> String {
    text
}
