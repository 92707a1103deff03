/// Pages whose paths are known before their HTML, rendered one by one as the writer writes them, so that a
/// site's HTML is never held in memory whole: peak memory follows the site model, not the output. A written
/// build's feeds and sitemap follow the pages (``appending(_:changedPosts:)``).
public struct PageStream: Sendable {
    /// How many pages and files there are.
    public var count: Int { paths.count }
    /// How many of them are pages, which come first.
    private(set) var pageCount: Int
    /// Each page's path in the output folder.
    let paths: [String]
    /// Each page's source and line, to blame when it cannot be written.
    let origins: [OutputFile.Origin?]
    /// Makes page `index`: the fingerprint of its template and values, and its bytes, unless the fingerprint
    /// equals `previous`'s (the page would be the same as when it had that fingerprint); or the error that stops
    /// the build.
    let make: @Sendable (_ index: Int, _ previous: Previous?) -> Result<Page, Diagnostic>

    /// One page as made.
    public struct Page: Sendable {
        /// A hash of the theme, the template's name and every value the template sees.
        public var fingerprint: UInt64
        /// The page's bytes; `nil` when the fingerprint is the previous one, so the page was not rendered.
        public var bytes: [UInt8]?
        /// The posts the page's values read (``PostReads``), when they are known.
        package var reads: ReadPosts?
        /// Whether the page was taken as it was, without making its values.
        var reused = false
    }

    /// The page as an earlier build made it: its fingerprint and the posts it read.
    struct Previous: Sendable {
        var fingerprint: UInt64?
        var reads: ReadPosts?
    }

    /// Page `index`'s output path.
    public func path(of index: Int) -> String { paths[index] }

    /// Makes page `index` (see ``make``).
    public func page(_ index: Int, previous: UInt64?) -> Result<Page, Diagnostic> {
        make(index, previous.map { Previous(fingerprint: $0) })
    }

    init(
        paths: [String], origins: [OutputFile.Origin?],
        make: @escaping @Sendable (_ index: Int, _ previous: Previous?) -> Result<Page, Diagnostic>
    ) {
        self.paths = paths
        self.origins = origins
        self.make = make
        pageCount = paths.count
    }

    /// A file that follows the pages: its path, what decides that it is as it was, and how it is made.
    struct File: Sendable {
        var path: String
        /// The posts it shows (the feeds, the sitemap): with the same reads as before and none of them changed, it
        /// is taken as it was.
        var reads: ReadPosts?
        /// The hash of its bytes, when known without making them (the search files): a file that had this
        /// fingerprint before is taken as it was.
        var fingerprint: UInt64?
        /// Its bytes, made now; a feed throws when a post's HTML it shows cannot be read back.
        var make: @Sendable () throws(SpillFile.ReadFailure) -> [UInt8]

        init(
            path: String, reads: ReadPosts? = nil, fingerprint: UInt64? = nil,
            make: @escaping @Sendable () throws(SpillFile.ReadFailure) -> [UInt8]
        ) {
            self.path = path
            self.reads = reads
            self.fingerprint = fingerprint
            self.make = make
        }

        /// Whether the file is the one `previous` made: its fingerprint is known and the same, or it shows the
        /// same posts as then and none of `changedPosts`.
        func isAsBefore(_ previous: Previous, changedPosts: ChangedPosts?) -> Bool {
            if let fingerprint, fingerprint == previous.fingerprint { return true }
            guard let changedPosts, let reads, previous.reads == reads else { return false }
            return !changedPosts.areShown(by: reads)
        }
    }

    /// These pages followed by `files`. With `changedPosts` (see ``init(jobs:paths:origins:renderer:changedPosts:fingerprinted:)``),
    /// a file that read the same posts before and shows none of those is taken as it was, as is one whose known
    /// fingerprint is its earlier one; a file made again whose bytes are the same is not written (its fingerprint is
    /// the hash of its bytes). A file fails when a post's HTML it shows could not be read back.
    func appending(_ files: [File], changedPosts: ChangedPosts?) -> PageStream {
        let pages = self
        var stream = PageStream(paths: paths + files.map(\.path), origins: origins + files.map { _ in nil }) { index, previous in
            guard index >= pages.count else { return pages.make(index, previous) }
            let file = files[index - pages.count]
            if let previous, let earlier = previous.fingerprint, file.isAsBefore(previous, changedPosts: changedPosts) {
                return .success(Page(fingerprint: earlier, bytes: nil, reads: file.reads, reused: true))
            }
            let bytes: [UInt8]
            do throws(SpillFile.ReadFailure) {
                bytes = try file.make()
            } catch {
                return .failure(.error(file.path, 0, 0, error.reason))
            }
            let hash = file.fingerprint ?? ContentHash.of(bytes)
            return .success(Page(fingerprint: hash, bytes: hash == previous?.fingerprint ? nil : bytes, reads: file.reads))
        }
        stream.pageCount = pageCount
        return stream
    }

    /// The pages of `jobs`, each filled by `renderer` when it is made; a page fails when a post's HTML it shows
    /// could not be read back. With `changedPosts` (the earlier build had the same ``PageDependencies/shape``),
    /// a page whose earlier build's reads show none of the changes (``ChangedPosts/areShown(by:)``) is taken as it
    /// was, without making its values. Without `fingerprinted` (nothing keeps the fingerprints: a build without a
    /// cache), every page's fingerprint is 0 and its values are not hashed.
    init(
        jobs: [PageJob], paths: [String], origins: [OutputFile.Origin?], renderer: TemplateRenderer, changedPosts: ChangedPosts? = nil,
        fingerprinted: Bool = true
    ) {
        let theme = renderer.theme
        self.init(paths: paths, origins: origins) { index, previous in
            if let changedPosts, let fingerprint = previous?.fingerprint, let reads = previous?.reads,
                !changedPosts.areShown(by: reads)
            {
                return .success(Page(fingerprint: fingerprint, bytes: nil, reads: reads, reused: true))
            }
            let job = jobs[index]
            let reads = PostReads()
            let context = renderer.context(for: job, reads: reads)
            var fingerprint: UInt64 = 0
            if fingerprinted {
                var hasher = StableHasher()
                hasher.combine(Int64(bitPattern: theme.fingerprint))
                hasher.combine(job.template)
                context.combine(into: &hasher)
                fingerprint = hasher.value
                if fingerprint == previous?.fingerprint {
                    return .success(Page(fingerprint: fingerprint, bytes: nil, reads: reads.recorded))
                }
            }
            let html: [UInt8]
            do throws(SpillFile.ReadFailure) {
                html = try theme.renderBytes(job.template, context: context) ?? []
            } catch {
                return .failure(.error(paths[index], 0, 0, error.reason))
            }
            if let problem = theme.recursionErrors(in: html).first { return .failure(problem) }
            return .success(Page(fingerprint: fingerprint, bytes: html, reads: reads.recorded))
        }
    }

    /// No pages.
    public static let empty = PageStream(paths: [], origins: [], make: { _, _ in .success(Page(fingerprint: 0, bytes: [])) })
}
