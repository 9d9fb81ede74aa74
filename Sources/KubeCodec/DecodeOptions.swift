/// Version-dependent output rules.
public struct KubeVersion: Comparable, Sendable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `1.33`, `v1.34`, `1.35.2`.
    public init?(_ text: String) {
        var t = Substring(text)
        if t.hasPrefix("v") { t = t.dropFirst() }
        let parts = t.split(separator: ".")
        guard parts.count >= 2, let a = Int(parts[0]), let b = Int(parts[1]) else { return nil }
        self.init(major: a, minor: b)
    }

    /// The newest version the built-in schema describes.
    public static let newest = KubeVersion(major: 1, minor: 37)

    public static func < (l: KubeVersion, r: KubeVersion) -> Bool {
        (l.major, l.minor) < (r.major, r.minor)
    }

    public var description: String { "\(major).\(minor)" }

    /// From 1.34 `metadata.creationTimestamp` is `omitzero`: a zero value is left out instead of `null`.
    public var omitsZeroCreationTimestamp: Bool { self >= KubeVersion(major: 1, minor: 34) }
}

public struct DecodeOptions: Sendable {
    public var kubeVersion: KubeVersion
    /// Report fields the schema does not know as an error instead of a warning.
    public var strict: Bool

    public init(kubeVersion: KubeVersion = .newest, strict: Bool = false) {
        self.kubeVersion = kubeVersion
        self.strict = strict
    }
}
