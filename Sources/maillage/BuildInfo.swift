/// The version of Maillage, and the commit it was built from when a release script says so
/// (`scripts/package.sh` writes the commit here for the time of its build, then puts this back).
enum BuildInfo {
    static let version = "0.2.0"
    static let commit: String? = nil

    /// `0.2.0 (commit 1a2b3c4d5e6f)`, for `maillage --version`.
    static var description: String { commit.map { "\(version) (commit \($0))" } ?? version }
}
