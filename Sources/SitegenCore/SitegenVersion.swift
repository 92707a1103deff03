/// sitegen's version and where its source lives, as printed by `sitegen --version` and pinned by the deploy
/// workflow that `sitegen init` writes.
public enum SitegenVersion {
    public static let current = "0.1.0"
    /// The repository the generated workflow clones; its tags are `v` followed by ``current``.
    public static let repository = "https://github.com/sitegen-dev/sitegen"
}
