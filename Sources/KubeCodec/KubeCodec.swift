/// Placeholder module file; the codec is filled in by the codec work.
public enum KubeCodecVersion {
    public static let name = "strata-codec"
}
