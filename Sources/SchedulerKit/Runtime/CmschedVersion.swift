/// The version of cmsched (also printed by `--version` and stamped into the man page).
public enum CmschedVersion {
    public static let current = "0.1.0"
}
