/// sitegen's version: printed by `sitegen --version`, written into every page's generator tag, and named in the
/// deploy workflow that `sitegen init` writes. A release is the commit tagged `v` followed by ``current``
/// (`v0.1.0`); the workflow pins the action by that commit's hash, with the tag in a comment.
public enum SitegenVersion {
    public static let current = "0.1.0"
}
