/// A YAML node as go-yaml v2 composes it from parser events (go-yaml's parser is a port of
/// libyaml, whose events we read). A class so that an alias shares its anchored node.
final class ComposedNode {
    enum Kind { case scalar, sequence, mapping }

    let kind: Kind
    /// Scalar text (empty for collections).
    let text: String
    /// The resolved tag, e.g. `tag:yaml.org,2002:str`, `!`, or "" when none was written.
    let tag: String
    /// go-yaml's `implicit`: an untagged plain scalar, whose type comes from its text.
    let implicit: Bool
    var children: [ComposedNode] = []
    let line: Int
    let column: Int

    init(kind: Kind, text: String = "", tag: String, implicit: Bool, line: Int, column: Int) {
        self.kind = kind
        self.text = text
        self.tag = tag
        self.implicit = implicit
        self.line = line
        self.column = column
    }
}
