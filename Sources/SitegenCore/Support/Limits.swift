/// Every bound that keeps a build's cost linear in its input, in one place; the README's "Limits and safety"
/// section lists them. Each is far above what a real journal reaches.
public enum Limits {
    /// Bytes of front matter in one file.
    public static let frontMatterBytes = 256 * 1024
    /// YAML nodes a front-matter block or `site.yml` may expand to once aliases are followed, per byte of YAML
    /// (plus a fixed allowance), so that an alias bomb is refused instead of expanded.
    public static let yamlNodesPerByte = 4
    public static let yamlNodesFixed = 10_000
    /// Nesting depth of YAML lists and mappings.
    public static let yamlDepth = 64
    /// Tags one post may carry; each tag page shows each of its posts' tags, so this bounds tag pages' size.
    public static let tagsPerPost = 100
    /// The highest `day:` of a series, and the most `days:` site.yml may plan (a series page lists every day).
    public static let seriesDays = 10_000
    /// The largest `paginate:`.
    public static let postsPerPage = 1_000
    /// Bytes in one URL segment (a slug or a tag's slug); file systems allow 255 per file name.
    public static let slugBytes = 200
    /// Old paths one page may redirect from (`aliases`, `redirect_from`): each is a file written.
    public static let aliasesPerPage = 100
    /// Table cells cmark-gfm may create for one document, per byte of markdown plus a fixed allowance: rows
    /// shorter than the header are padded, so a small table with a wide header would otherwise cost
    /// columns × rows.
    public static let tableCellsPerByte = 2
    public static let tableCellsFixed = 50_000
    /// Unclosed `[` and `![` openers in one paragraph, which cmark-gfm 0.29 handles in quadratic time.
    public static let bracketOpenersPerParagraph = 2_000
    /// Nesting of partials and parent templates inside one another.
    public static let templateDepth = 32
    /// Sections, blocks and parents nested inside one another in one template: parsing and rendering recurse once
    /// per level.
    public static let templateNesting = 64
    /// Partials and parents one page may render, so that a partial including itself twice is not 2^32 renders.
    public static let partialsPerPage = 1_000_000
    /// Preview server: open connections at once, seconds an idle connection is kept, seconds between
    /// live-reload heartbeats.
    public static let serveConnections = 256
    public static let serveIdleSeconds = 30
    public static let serveHeartbeatSeconds = 15
}
