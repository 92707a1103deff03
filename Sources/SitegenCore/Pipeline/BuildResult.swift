import Foundation
import SitegenMarkdown
import Synchronization

/// Switches for one build.
public struct BuildOptions: Sendable {
    /// Replaces `base_url` from `site.yml`.
    public var baseURL: String?
    /// Publish posts and pages marked `draft: true`.
    public var includeDrafts = false
    /// Publish posts dated after `now`.
    public var includeFuture = false
    /// The moment that decides what is in the future.
    public var now = Date()
    /// Look up dates of undated posts in git history.
    public var useGitDates = true
    /// Go on after content errors as far as the templates, so that `sitegen check` can look at the whole site;
    /// the result still fails.
    public var continuesAfterErrors = false
    /// The process exits right after the build (`sitegen build`): what ``SiteBuilder/buildAndWrite(source:output:cache:)``
    /// read (the last record, the kept site and bodies) is left for the exit to release rather than freed piece by
    /// piece before it returns, as a compiler leaves its syntax trees (clang's `-disable-free`).
    public var leavesMemoryToExit = false

    /// The defaults: no drafts, no future posts.
    public init() {}
}

/// Values a process that is about to exit keeps until it does (``BuildOptions/leavesMemoryToExit``): they stay
/// reachable, so that a leak checker does not count them, and are never taken apart.
enum LeftToExit {
    private static let values = Mutex<[any Sendable]>([])

    static func keep(_ kept: [any Sendable]) { values.withLock { $0 += kept } }
}

/// What a build produced: the files to write, or the errors that stop it.
public struct BuildResult: Sendable {
    /// Every file of the site; empty when the build failed. When the build streams its pages, they are in
    /// ``pages`` instead.
    public var files: [OutputFile]
    /// The pages, rendered as they are written, of a build that streams them.
    public var pages = PageStream.empty
    /// Every problem found, errors and warnings, sorted by file and position.
    public var diagnostics: [Diagnostic]
    /// The site model, when the build got that far.
    public var site: Site?
    /// Pages written by kind, for the summary line: `posts`, `tags`, …
    public var pageCounts: [(kind: String, count: Int)]
    /// Seconds spent in each stage, in order.
    public var timings: [(stage: String, seconds: Double)] = []
    /// What was parsed and rendered, as opposed to reused from a ``BuildCache``.
    public var work = BuildWork()
    /// The moment from which the same sources may give other output: the next day in the site's time zone
    /// (`site.year`, running projects), or the date of the first post held back as future, if sooner.
    public var validUntil = Date.distantFuture
    /// Whether undated posts took their dates from git history, which the output then depends on.
    public var readGitHistory = false
    /// What the pages depend on, for the build record, when the build kept its bodies in a cache folder.
    var dependencies: PageDependencies?
    /// The markdown files whose modification time the output may show: those dated by it (published or
    /// held back as future), and pages, whose sitemap entry gives it as their last change.
    var filesShowingTheirTime: Set<String> = []
    /// The site model as the next `sitegen build` may patch it (``KeptSite``), when the build kept its bodies.
    var kept: KeptSite?
    /// Whether the output was already up to date, so that nothing was built or written; `pageCounts` and the
    /// warnings are the recorded build's.
    public var upToDate = false
    /// The site as `sitegen serve` keeps it for edits it can patch, when the build kept a cache and streamed.
    public var live: LiveModel?
    /// The published documents, and their rendered bodies in the same order, for `sitegen check`.
    public var documents: [Document] = []
    public var bodies: [RenderedMarkdown] = []

    /// Whether the files may be written.
    public var succeeded: Bool { !diagnostics.containsErrors && (site != nil || upToDate) }

    /// A build stopped before it began by `diagnostics` (the site could not be read or written).
    public init(failedWith diagnostics: [Diagnostic]) {
        self.init(files: [], diagnostics: diagnostics, site: nil, pageCounts: [])
    }

    init(
        files: [OutputFile], diagnostics: [Diagnostic], site: Site?, pageCounts: [(kind: String, count: Int)],
        timings: [(stage: String, seconds: Double)] = [], work: BuildWork = BuildWork()
    ) {
        self.files = files
        self.diagnostics = diagnostics
        self.site = site
        self.pageCounts = pageCounts
        self.timings = timings
        self.work = work
    }
}
