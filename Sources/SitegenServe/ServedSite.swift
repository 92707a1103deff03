import Dispatch
import Foundation
import Hummingbird
import SitegenCore
import SitegenMarkdown

/// One build of the site as the preview server serves it: every output file by its path, in memory, with its
/// media type and entity tag. Copied files stay on disk, where the build found them, and are read when
/// requested. Pages are rendered when first requested, so that publishing a build costs no rendering, and a
/// page whose template and values are those of the page served before keeps its bytes and entity tag; feeds,
/// the sitemap and the search index are made together when one of them is first requested.
struct ServedSite: Sendable {
    /// A file of the site, ready to send.
    struct File: Sendable {
        enum Body: Sendable {
            case bytes([UInt8])
            /// An absolute path the build copies from.
            case disk(String)
        }

        var body: Body
        var contentType: String
        /// A strong validator: a hash of the bytes, or the size and modification time of a file on disk.
        var etag: String
        var isHTML: Bool { contentType.hasPrefix("text/html") }
    }

    /// What is at a path: a file, or the error that stopped its page from being rendered.
    enum Found {
        case file(File)
        case failed(Diagnostic)
    }

    private enum Entry: Sendable {
        case ready(File)
        case page(DeferredPage)
    }

    /// The path every URL starts with, from `base_url`: `/` or `/journey/`.
    let basePath: String
    /// Pages and copied files by output path: `index.html`, `posts/hello/index.html`, `assets/style.css`.
    private var entries: [String: Entry]
    /// Every other file the build makes; `nil` when `entries` has them all.
    private var machineFiles: DeferredFiles?

    /// The files of a build, all made; files whose bytes equal those of `previous` keep its entity tag without
    /// hashing.
    init(basePath: String, files outputs: [OutputFile], previous: ServedSite? = nil) {
        self.basePath = basePath
        machineFiles = nil
        entries = [:]
        entries.reserveCapacity(outputs.count)
        for output in outputs {
            let earlier: File? =
                if case .ready(let file) = previous?.entries[output.path] { file } else { nil }
            entries[output.path] = .ready(Self.file(output, earlier: earlier))
        }
    }

    /// The files of a build whose `pages` are rendered, and whose other files from `machineFiles` are made,
    /// when first requested. A page keeps the bytes it had in `previous` when its fingerprint is the same.
    init(
        basePath: String, files outputs: [OutputFile], pages: PageStream, machineFiles: @escaping @Sendable () -> [OutputFile],
        previous: ServedSite?
    ) {
        self.init(basePath: basePath, files: outputs, previous: previous)
        for index in 0..<pages.count {
            let path = pages.path(of: index)
            entries[path] = .page(DeferredPage(index: index, of: pages, previous: previous?.lastMade(at: path)))
        }
        self.machineFiles = DeferredFiles(make: machineFiles)
    }

    /// This site with its pages taken from `pages`, whose paths are those of this site's pages, after the posts
    /// at `changedPosts` were edited: a rendered page whose reads show none of the changes keeps its bytes; the
    /// others, and those not rendered yet, will be rendered from `pages`.
    /// - Returns: The site, and the indices of the rendered pages that show an edit.
    func replacingPages(_ pages: PageStream, changedPosts: ChangedPosts, machineFiles: @escaping @Sendable () -> [OutputFile])
        -> (site: ServedSite, changed: [Int])
    {
        var site = self
        var changed: [Int] = []
        for index in 0..<pages.count {
            let path = pages.path(of: index)
            guard case .page(let page) = entries[path] else { continue }
            if let made = page.made {
                if let reads = made.reads, !changedPosts.areShown(by: reads) { continue }
                changed.append(index)
            }
            site.entries[path] = .page(DeferredPage(index: index, of: pages, previous: page.made ?? page.previous))
        }
        site.machineFiles = DeferredFiles(make: machineFiles)
        return (site, changed)
    }

    /// Whether the site has a file at `path`, without rendering it.
    func contains(_ path: String) -> Bool {
        entries[path] != nil || (OutputFile.mayBeMachineFile(path) && machineFiles?.file(at: path) != nil)
    }

    /// Renders the pages at `changed` (indices into the site's page stream) now, on every core, so that no
    /// request waits for them once the site is published; the rebuild calls it before publishing a patch, while
    /// the previous site is still served.
    func prerender(_ changed: [Int], of pages: PageStream) {
        let paths = changed.map { pages.path(of: $0) }
        _ = concurrentMap(count: paths.count, state: {}) { _, index in
            if case .page(let page) = entries[paths[index]] { _ = page.make() }
            return 0
        }
    }

    /// Makes the feeds, the sitemap and the search index now, so that no request waits for them; the rebuild
    /// has it done on ``DeferredFiles/thread`` once the site is published.
    func prepareMachineFiles() { machineFiles?.prepare() }

    /// Returns once the file at `path` can be looked up without making anything: at once unless it may be a
    /// machine file not made yet, which is then awaited without holding a thread.
    func ready(for path: String) async {
        guard entries[path] == nil, OutputFile.mayBeMachineFile(path), let machineFiles else { return }
        await machineFiles.ready()
    }

    /// The file at `path`, rendered or made if it was not yet.
    func file(at path: String) -> Found? {
        switch entries[path] {
        case .ready(let file): return .file(file)
        case .page(let page):
            switch page.make() {
            case .success(let made): return .file(made.file)
            case .failure(let problem): return .failed(problem)
            }
        case nil:
            // Only a path the machine files may have waits for them: a mistyped URL costs a dictionary look-up.
            guard OutputFile.mayBeMachineFile(path) else { return nil }
            return machineFiles?.file(at: path).map(Found.file)
        }
    }

    /// The page at `path` as last rendered, if it was.
    private func lastMade(at path: String) -> DeferredPage.Made? {
        guard case .page(let page) = entries[path] else { return nil }
        return page.made ?? page.previous
    }

    /// A served file for an output file, keeping `earlier` (and its tag) when the bytes are the same.
    fileprivate static func file(_ output: OutputFile, earlier: File?) -> File {
        let contentType = contentType(of: output.path)
        switch output.contents {
        case .bytes(let bytes):
            if let earlier, case .bytes(let earlierBytes) = earlier.body, earlierBytes == bytes { return earlier }
            return File(body: .bytes(bytes), contentType: contentType, etag: hashTag(bytes))
        case .file(let path):
            return File(body: .disk(path), contentType: contentType, etag: statTag(path))
        }
    }

    /// The media type for a file name, from Hummingbird's table, with `charset=utf-8` on text.
    static func contentType(of path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."),
            let type = MediaType.getMediaType(forExtension: name[name.index(after: dot)...].lowercased())
        else { return "application/octet-stream" }
        let textual = type.type == .text || ["xml", "json", "svg+xml", "atom+xml", "javascript"].contains(type.subType)
        return textual ? "\(type); charset=utf-8" : "\(type)"
    }

    /// A quoted 64-bit content hash of `bytes`.
    static func hashTag(_ bytes: [UInt8]) -> String {
        "\"\(String(ContentHash.of(bytes), radix: 16))\""
    }

    /// A quoted tag from the size and modification time of the file at `path`.
    static func statTag(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "\"missing\"" }
        let stamp = FileStamp(info)
        return "\"\(String(stamp.size, radix: 16))-\(String(stamp.modified, radix: 16))\""
    }
}

/// A page of a ``PageStream`` rendered the first time it is asked for, then kept. Requests for it while it
/// renders wait for that rendering.
final class DeferredPage: Sendable {
    /// A rendered page with its fingerprint.
    struct Made: Sendable {
        var file: ServedSite.File
        var fingerprint: UInt64
        /// The posts the page's values read (``PageStream/Page``).
        var reads: ReadPosts?
    }

    private let index: Int
    private let pages: PageStream
    /// The page as rendered for an earlier build, kept when its fingerprint comes again.
    let previous: Made?
    private let result = Locked<Result<Made, Diagnostic>?>(nil)

    init(index: Int, of pages: PageStream, previous: Made?) {
        self.index = index
        self.pages = pages
        self.previous = previous
    }

    /// The page as rendered, if it has been.
    var made: Made? {
        result.withLock { result in
            if case .success(let made) = result { made } else { nil }
        }
    }

    /// Renders the page unless it was rendered already.
    func make() -> Result<Made, Diagnostic> {
        result.withLock { result in
            if let result { return result }
            let made = pages.page(index, previous: previous?.fingerprint).map { page -> Made in
                if let bytes = page.bytes { return Made(file: Self.file(bytes), fingerprint: page.fingerprint, reads: page.reads) }
                // Not rendered: the fingerprint is the previous page's, so the page is the previous page.
                var same = previous ?? Made(file: Self.file([]), fingerprint: page.fingerprint)
                same.reads = page.reads
                return same
            }
            result = made
            return made
        }
    }

    private static func file(_ bytes: [UInt8]) -> ServedSite.File {
        ServedSite.File(body: .bytes(bytes), contentType: "text/html; charset=utf-8", etag: ServedSite.hashTag(bytes))
    }
}

/// Files made together (feeds, the sitemap, the search index): by the rebuild once the site is published, or
/// for the first request that needs them. A request waits for them without holding a thread, so that requests
/// for feeds do not take the threads that answer pages while the files are made.
final class DeferredFiles: Sendable {
    private struct State {
        var files: [String: ServedSite.File]?
        var making = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Where the files of every site are made, one site at a time, at the builds' priority.
    static let thread = ThreadPool(count: 1, name: "sitegen-feeds")

    private let make: @Sendable () -> [OutputFile]
    private let state = Locked(State())

    init(make: @escaping @Sendable () -> [OutputFile]) {
        self.make = make
    }

    /// Makes the files on the calling thread unless they are made or being made.
    func prepare() {
        let starts = state.withLock { state in
            guard state.files == nil, !state.making else { return false }
            state.making = true
            return true
        }
        guard starts else { return }
        let made = Dictionary(make().map { ($0.path, ServedSite.file($0, earlier: nil)) }, uniquingKeysWith: { first, _ in first })
        let waiters = state.withLock { state in
            state.files = made
            state.making = false
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the files are made, starting them on ``thread`` when nothing has; the caller's task waits
    /// without a thread.
    func ready() async {
        await withCheckedContinuation { continuation in
            let (isReady, starts) = state.withLock { state -> (Bool, Bool) in
                if state.files != nil { return (true, false) }
                state.waiters.append(continuation)
                return (false, !state.making)
            }
            if isReady { continuation.resume() }
            if starts {
                Self.thread.async { self.prepare() }
            }
        }
    }

    /// The file at `path`, after making them all on this thread if they were not yet.
    func file(at path: String) -> ServedSite.File? {
        if let files = state.withLock({ $0.files }) { return files[path] }
        prepare()
        return state.withLock { state in
            if state.making, state.files == nil { return nil }
            return state.files?[path]
        }
    }
}
