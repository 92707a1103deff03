import Foundation
import SitegenMarkdown

/// Posts' rendered bodies, kept in the cache folder from one `sitegen build` to the next, so that a rebuild renders
/// only the markdown whose text, or whose links' answers, changed.
///
/// The bodies go to `bodies.html`, the build's spill file (``SpillFile/init(keptAt:stamp:)``): a build appends
/// the bodies it renders, each as its HTML then the rest of what the site keeps of it (headings, plain text, …),
/// and refers to the earlier ones where they are. `bodies` indexes them: for each post, a hash of the markdown it
/// was rendered from, the destinations of its links and images with a hash of what the site answered for them,
/// and the ranges of its two parts with the hashes of their bytes. A body is reused only when all of that is the
/// same again. Each post's share of the search files, its card and its parsed front matter are kept the same way,
/// by the hash of everything they are made from (``PartMemo``). All of it is made by one sitegen binary with one
/// cmark-gfm (the store's key): a missing, damaged or outdated index, or another key, means making everything.
final class BodyStore: Sendable {
    /// The first bytes of the index; an index of any other version is ignored.
    static let header = "sitegen bodies 8"
    /// When the HTML file holds this many times the bytes its index refers to (plus a margin), it starts over.
    static let garbageFactor = 2
    static let garbageMargin = 32 << 20

    /// One post's body as kept.
    struct Entry: Sendable {
        var path: String
        /// ``BodyStore/sourceHash(of:options:)`` of the markdown it was rendered from.
        var sourceHash: UInt64
        /// The destinations of its links and of its images, each list sorted, and the hash of the answers they had.
        var links: [String]
        var images: [String]
        var answersHash: UInt64
        /// Where its HTML is in the spill file, and the hash of those bytes.
        var html: Range<Int>
        var htmlHash: UInt64
        /// Where the rest of the body, as the site keeps it (see `SiteBuilder.renderBodies`), is in the spill file,
        /// and the hash of those bytes: written once, after the HTML, so that the index stays small.
        var rest: Range<Int>
        var restHash: UInt64
    }

    /// Something else kept for a post: bytes in the spill file, made from inputs whose hash is `inputs`.
    struct Part: Sendable {
        var inputs: UInt64
        var range: Range<Int>
        var hash: UInt64
    }

    /// What an index holds.
    struct Index {
        var key = ""
        var entries: [String: Entry] = [:]
        /// What else is kept of each post (its search share, its card, its front matter), by kind and source path.
        var parts: [PartKind: [String: Part]] = [:]
        /// The stamp the spill file had when the index was written.
        var stamp: FileStamp?
        /// Drawn when a whole index is written; the changes written since (``save()``) name it.
        var generation: UInt64 = 0

        /// `changes` made on top of this index.
        mutating func merge(_ changes: Index) {
            entries.merge(changes.entries) { _, changed in changed }
            for (kind, ofKind) in changes.parts { parts[kind, default: [:]].merge(ofKind) { _, changed in changed } }
        }

        /// How many entries and parts it has.
        var count: Int { entries.count + parts.values.reduce(0) { $0 + $1.count } }
    }

    /// The spill file the build stores posts' HTML in.
    let file: SpillFile
    private let indexPath: String
    /// Where the changes since the whole index was written are (``save()``).
    private var changesPath: String { indexPath + ".changes" }
    /// What everything kept was made with.
    private let key: String
    /// What the previous build kept.
    private let previous: Index
    /// What the builds since the whole index was written kept anew, which ``previous`` holds too.
    private let previousChanges: Index
    /// What this build keeps: the entries reused and those of the bodies it rendered, and the search shares.
    private let kept = Locked<Index>(Index())
    /// What this build kept anew: the bodies it rendered and the parts it made.
    private let fresh = Locked<Index>(Index())
    /// Whether this build keeps everything the previous one kept (``keepEverything()``).
    private let keepsEverything = Flag()
    /// The generation ``save()`` wrote.
    private let saved = Locked<UInt64>(0)

    /// The store in `folder`, with what the last build kept if it had the same `key`; `nil` when the folder cannot
    /// hold it or another build is using it.
    init?(in folder: CacheFolder, key: String) {
        guard folder.prepare() == nil else { return nil }
        indexPath = folder.path + "/bodies"
        let htmlPath = folder.path + "/bodies.html"
        var index = FileDescriptor.readAll(indexPath, noFollow: true).flatMap { Self.index($0.bytes) } ?? Index()
        // The changes written since, when they were made on top of this very index.
        var changes = Index()
        if index.key == key, index.generation != 0,
            let written = FileDescriptor.readAll(indexPath + ".changes", noFollow: true).flatMap({
                Self.index($0.bytes, header: Self.changesHeader)
            }),
            written.key == key, written.generation == index.generation
        {
            changes = written
            index.merge(changes)
            index.stamp = changes.stamp
        }
        // A file holding mostly bodies no post has any more starts over.
        let live =
            index.entries.values.reduce(0) { $0 + $1.html.count + $1.rest.count }
            + index.parts.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.range.count } }
        if index.key != key { index = Index() }
        if let size = index.stamp?.size, size > Int64(live * Self.garbageFactor + Self.garbageMargin) { index = Index() }
        if let file = SpillFile(keptAt: htmlPath, stamp: index.stamp) {
            self.file = file
        } else if index.stamp != nil, let file = SpillFile(keptAt: htmlPath, stamp: nil) {
            // Changed since the index was written (by a build that failed, or by something else): nothing in it is
            // trusted.
            (self.file, index, changes) = (file, Index(), Index())
        } else {
            return nil
        }
        if index.entries.isEmpty, index.parts.isEmpty { changes = Index() }
        previous = index
        previousChanges = changes
        self.key = key
    }

    /// The body kept for the post at `path` when rendering `source` under `key` with `links` would give it again:
    /// the same markdown, and the same answer for every link and image it has. It is kept by this build too.
    /// `textHash` is the hash of the source's text when the text was not read (``Document/Fields/bodyHash``).
    func reuse(_ source: MarkdownSource, textHash: UInt64? = nil, options: MarkdownOptions, path: String, links: some LinkResolving)
        -> (RenderedMarkdown, StoredText)?
    {
        guard let entry = previous.entries[path],
            entry.sourceHash == Self.sourceHash(of: source, textHash: textHash, options: options),
            entry.answersHash == Self.answersHash(links: entry.links, images: entry.images, path: path, resolver: links),
            let rest = file.bytes(at: entry.rest, hash: entry.restHash)
        else { return nil }
        var reader = ByteReader(rest)
        guard let body = try? Self.body(&reader), reader.isAtEnd else { return nil }
        keep(entry)
        return (body, .kept(file, entry.html, hash: entry.htmlHash))
    }

    /// Keeps a body this build rendered with `links`: `body` as the site keeps it, `rendered` as it came from the
    /// renderer (with its links), its HTML at `html` in the spill file.
    func keep(
        _ body: RenderedMarkdown, rendered: RenderedMarkdown, source: MarkdownSource, options: MarkdownOptions, path: String,
        html: StoredText,
        links resolver: some LinkResolving
    ) {
        // A body with math depends on KaTeX being installed, and one with broken links fails the build.
        guard case .spilled(_, let range, let htmlHash) = html, rendered.formulas.isEmpty, rendered.brokenLinks.isEmpty else { return }
        var writer = ByteWriter(capacity: body.plainText.utf8.count + 256)
        Self.add(body, to: &writer)
        guard let rest = file.store(writer.bytes) else { return }
        let links = rendered.resolvedLinks.keys.sorted()
        let images = rendered.imageSizes.keys.sorted()
        let answers = Self.answersHash(links: links, images: images, path: path, resolver: resolver)
        let entry = Entry(
            path: path, sourceHash: Self.sourceHash(of: source, options: options), links: links, images: images, answersHash: answers,
            html: range, htmlHash: htmlHash, rest: rest, restHash: ContentHash.of(writer.bytes))
        keep(entry)
        fresh.withLock { $0.entries[entry.path] = entry }
    }

    private func keep(_ entry: Entry) {
        guard !keepsEverything.isSet() else { return }
        kept.withLock { $0.entries[entry.path] = entry }
    }

    /// The generation of the index as read (0 for none): what was kept with it names it.
    var generation: UInt64 { previous.generation }

    /// The generation of the index as ``save()`` wrote it: ``generation`` when it wrote only the changes.
    var savedGeneration: UInt64 { saved.withLock { $0 } }

    /// Keeps everything the previous build kept, with what this one keeps anew (a build that patches the kept site
    /// reads nothing of the posts it did not edit): nothing need be noted as it is found, and ``save()`` writes only
    /// the changes.
    func keepEverything() { keepsEverything.set() }

    /// What else is kept of a post.
    enum PartKind: UInt8, Sendable, CaseIterable {
        case searchShare = 1
        case card = 2
        case frontMatter = 3
        /// A post as parsed from its file, by the hash of the file's text (``DocumentParser/parse(unread:hash:kind:bundle:)``).
        case document = 4
        /// The site's split search index (``KeptSearchIndex``), under the path `""`.
        case searchIndex = 5
        /// Every post's related posts (``RelatedPosts/remembered(posts:memo:)``), under the path `""`.
        case relatedPosts = 6
        /// The posts of the site model changed since it was kept whole (``KeptSite/keepChanges(in:as:)``).
        case site = 7
    }

    /// Keeps everything the previous build kept that this one has not kept anew: a rebuild that patches the kept
    /// site reads nothing of the posts it did not edit, and their bodies and parts stay for the next build.
    private func carryTheRest() {
        kept.withLock { index in
            index.entries.merge(previous.entries) { current, _ in current }
            for (kind, parts) in previous.parts { index.parts[kind, default: [:]].merge(parts) { current, _ in current } }
        }
    }

    /// The memory of one kind of part for a build under `key`.
    func memo(of kind: PartKind) -> PartMemo {
        PartMemo(
            find: { path, inputs in
                guard let part = self.previous.parts[kind]?[path], part.inputs == inputs,
                    let bytes = self.file.bytes(at: part.range, hash: part.hash)
                else { return nil }
                if !self.keepsEverything.isSet() { self.kept.withLock { $0.parts[kind, default: [:]][path] = part } }
                return bytes
            },
            keep: { path, inputs, bytes in
                guard let range = self.file.store(bytes) else { return }
                let part = Part(inputs: inputs, range: range, hash: ContentHash.of(bytes))
                self.kept.withLock { $0.parts[kind, default: [:]][path] = part }
                self.fresh.withLock { $0.parts[kind, default: [:]][path] = part }
            },
            carry: { wanted in
                guard !self.keepsEverything.isSet(), let earlier = self.previous.parts[kind] else { return }
                let found = wanted.compactMap { path, inputs in earlier[path].flatMap { $0.inputs == inputs ? (path, $0) : nil } }
                self.kept.withLock { index in
                    for (path, part) in found { index.parts[kind, default: [:]][path] = part }
                }
            })
    }

    /// Writes the index of what this build kept, atomically.
    ///
    /// When it keeps everything (``keepEverything()``), only what this build and the others since the whole index was
    /// written kept anew is written, beside the whole index, unless it has grown to an eighth of it.
    /// - Returns: Why it could not be written, if it could not.
    func save() -> String? {
        guard let stamp = file.stamp else { return FileDescriptor.lastError }
        if keepsEverything.isSet() {
            var changes = previousChanges
            changes.merge(fresh.withLock { $0 })
            if previous.generation != 0, changes.count <= max(256, previous.count / 8) {
                saved.withLock { $0 = previous.generation }
                return CacheFolder.replace(
                    changesPath,
                    with: Self.bytes(of: changes, header: Self.changesHeader, key: key, stamp: stamp, generation: previous.generation))
            }
            carryTheRest()
        }
        let generation = UInt64.random(in: 1 ... .max)
        saved.withLock { $0 = generation }
        let parts = Self.parts(of: kept.withLock { $0 }, header: Self.header, key: key, stamp: stamp, generation: generation)
        let problem = CacheFolder.replace(indexPath) { put in parts.allSatisfy(put) }
        unlink(changesPath)
        return problem
    }

    /// The hash of a body's markdown text.
    static func textHash(of text: String) -> UInt64 { ContentHash.of(text.utf8) }

    /// Forgets what was kept, so that the next build renders every body.
    func discard() {
        unlink(indexPath)
        unlink(changesPath)
    }

    /// The hash of everything of `source` that rendering reads; `textHash` is ``textHash(of:)`` of its text when
    /// that is known without the text.
    static func sourceHash(of source: MarkdownSource, textHash: UInt64? = nil, options: MarkdownOptions) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(options.smartPunctuation ? 1 : 0)
        hasher.combine(options.allowRawHTML ? 1 : 0)
        hasher.combine(options.math ? 1 : 0)
        hasher.combine(Int64(bitPattern: textHash ?? Self.textHash(of: source.text)))
        hasher.combine(Int64(source.firstLine))
        switch source.titleHeading {
        case .keep: hasher.combine(0)
        case .extract: hasher.combine(1)
        case .dropIfRepeats(let title):
            hasher.combine(2)
            hasher.combine(title)
        }
        return hasher.value
    }

    /// The hash of what `resolver` answers for each of a body's link and image destinations.
    static func answersHash(links: [String], images: [String], path: String, resolver: some LinkResolving) -> UInt64 {
        var hasher = StableHasher()
        for destination in links { combine(destination, resolver.resolve(destination, from: path), into: &hasher) }
        for destination in images {
            let (size, picture) = resolver.image(destination, from: path)
            combine(destination, size ?? .unknown, picture, into: &hasher)
        }
        return hasher.value
    }

    private static func combine(_ destination: String, _ answer: LinkResolution, into hasher: inout StableHasher) {
        hasher.combine(destination)
        switch answer {
        case .keep: hasher.combine(0)
        case .rewrite(let url):
            hasher.combine(1)
            hasher.combine(url)
        case .broken(let message):
            hasher.combine(2)
            hasher.combine(message)
        }
    }

    private static func combine(_ destination: String, _ size: ImageSize, _ picture: Picture?, into hasher: inout StableHasher) {
        hasher.combine(destination)
        hasher.combine(Int64(size.width))
        hasher.combine(Int64(size.height))
        guard let picture else { return hasher.combine(0) }
        hasher.combine(1)
        hasher.combine(picture.src)
        hasher.combine(picture.srcset)
        for source in picture.sources {
            hasher.combine(source.type)
            hasher.combine(source.srcset)
        }
    }

}

/// What a build remembers of one kind of thing it makes for each post (its search share, its card) from an earlier
/// build: `find` gives the bytes made for the post at a source path from inputs with the hash given, `keep` keeps
/// those made now, and `carry` keeps for the next build, without reading them, those made before for the paths given
/// from the inputs given.
struct PartMemo: Sendable {
    let find: @Sendable (_ path: String, _ inputs: UInt64) -> [UInt8]?
    let keep: @Sendable (_ path: String, _ inputs: UInt64, _ bytes: [UInt8]) -> Void
    let carry: @Sendable (_ parts: [(path: String, inputs: UInt64)]) -> Void
}
