/// Hand-written YAML inputs for the reader, each one document, checked against Go's YAMLToJSON.
enum YAMLInputCases {
    static let scalars = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "on", "On", "ON", "off", "true", "True", "TRUE", "false", "FALSE", "tRUE",
        "~", "null", "Null", "NULL", "", "0", "-0", "+1", "0x1F", "0X1F", "-0x1F", "0o17", "0O17", "017", "08", "0b101", "0b-1",
        "-0b11", "1_000", "1__0", "_1", "1_", "0x_1F", "9223372036854775807", "9223372036854775808", "18446744073709551615",
        "18446744073709551616", "-9223372036854775808", "-9223372036854775809", "1.5", "1.", ".5", "-.5", "+.5", "1e3", "1E3",
        "1e+3", "1.5e-7", "1e21", "1e400", "1e-400", ".5_0", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "1:20", "190:20:30",
        "2008-01-01", "2008-1-1", "2008-02-30", "2008-01-01T01:01:01Z", "2008-01-01 01:01:01", "2008-01-01t01:01:01.5+05:30",
        "257e8454", "0.1", "100.0", "3.0e2", "abc", "a b", "<<", "=", "!", "!!", "@@",
        "'quoted yes'", "\"0x1F\"", "'~'", "\"\"", "''",
    ]

    static var documents: [String] {
        var docs: [String] = []
        for s in scalars {
            docs.append("v: \(s)\n")
            docs.append("- \(s)\n")
            if !s.isEmpty && !s.hasPrefix("!") && s != "<<" { docs.append("\(s): v\n") }
        }
        docs += [
            "a: &x 1\nb: *x\n",
            "base: &base\n  a: 1\n  b: 2\nderived:\n  <<: *base\n  b: 3\n",
            "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n",
            "c:\n  x: 0\n  <<: {x: 1}\n",
            "c:\n  <<: {x: 1}\n  x: 0\n",
            "c:\n  \"<<\": {x: 1}\n",
            "c:\n  <<: 1\n",
            "list: &l [1, 2]\nagain: *l\n",
            "a: !!str 1\nb: !!int \"2\"\nc: !!float 3\nd: !!bool yes\ne: !!null ''\nf: !foo bar\ng: ! 12\n",
            "a: !!binary aGVsbG8=\n",
            "a: !!int x\n",
            "1: a\n2.5: b\ntrue: c\n0x10: d\n1e3: e\n.inf: f\n0.1: g\n",
            "~: a\n",
            "18446744073709551615: a\n",
            "? [a]\n: b\n",
            "? a\n: b\n",
            "a: |\n  line1\n  line2\nb: >\n  folded\n  text\n\n  para\nc: |-\n  x\nd: |+\n  y\n\n",
            "a: 'it''s'\nb: \"tab\\tnew\\nline\\u00e9\\x41\"\nc: plain\n  continued\n",
            "a: [1, two, {three: 3}]\nb: {}\nc: []\n",
            "a: 1\na: 2\n",
            "a: 1\nb: {a: 1, a: 2}\n",
            "a: \"\\uFEFFx\"\n\"\\uFEFFx\": 1\nx: 2\n",
            "a: b: c\n",
            "- [\n",
            "a:\n- 1\n- 2\nb:\n  - x\n",
            "{\"json\": [1, 2.0, \"x\", null, true]}",
            "key with spaces: value with spaces\n\"quoted key\": 1\n'single': 2\n",
            "a: .nan\n",
            "a: 1e400\n",
            "a: *undefined\n",
        ]
        return docs
    }
}
