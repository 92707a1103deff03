import Foundation
import SitegenImages
import SitegenMarkdown

/// The site model a written build made, kept with the posts' bodies (``BodyStore``), so that a rebuild after
/// edits that keep the site's shape patches the edited posts into it (``SiteBuilder/rebuildKeptSite``) instead of
/// reading, rendering and assembling every post again.
///
/// It holds what the stages before the renderer give: the site (but its settings, which `site.yml` gives), the
/// link resolver the bodies were rendered with, each post's ``Document/structureHash``, the front-matter lines pages
/// are blamed on, and the redirects. A post's HTML is a range of the store's file, read when a page shows it.
struct KeptSite: Sendable {
    var site: Site
    var links: SiteLinks
    /// Each post's ``Document/structureHash``, in the site's order.
    var structure: [UInt64]
    /// The front-matter lines of the keys pages are blamed on, by source path (``PageOrigins``).
    var lines: [String: PageOrigins.KeyLines]
    var redirects: [RedirectPage]
    /// Each post's ``Document/positionsHash``, in the site's order.
    var positions: [UInt64]
    /// The warnings the site's assembly gave (a project without a page, two posts on one day of a series): what the
    /// site's structure, and where the keys are written, decide.
    var assemblyWarnings: [Diagnostic]
    /// The inputs of the site in the kept file this site was read from (``Stored``), and the posts changed since
    /// (``keepChanges(in:as:)``); `nil` for a site a whole build made.
    var base: UInt64?
    var patched: Set<Int> = []

    /// The site as its file in the cache folder holds it: the inputs it is kept under (``inputs(of:)``), the
    /// generation of the bodies' index whose file its posts' HTML is in (``BodyStore/generation``), and its bytes
    /// from `start` (``init(_:from:file:)``, which checks each section against its hash).
    struct Stored: Sendable {
        let inputs: UInt64
        let generation: UInt64
        let bytes: [UInt8]
        let start: Int

        /// The first bytes of the file.
        static let header = "sitegen site 2"

        /// The kept site in the file at `path`; `nil` when there is none, or it is of another version.
        init?(at path: String) {
            guard let bytes = FileDescriptor.readAll(path, noFollow: true)?.bytes else { return nil }
            var reader = ByteReader(bytes)
            guard (try? reader.string()) == Self.header, let inputs = try? reader.number(), let generation = try? reader.number()
            else { return nil }
            (self.inputs, self.generation, self.bytes, start) = (inputs, generation, bytes, reader.position)
        }
    }

    /// Writes the whole site to `path`, kept under `inputs` with the bodies' index of `generation`.
    /// - Returns: Why it could not be written, if it could not.
    func write(to path: String, inputs: UInt64, generation: UInt64) -> String? {
        var head = ByteWriter()
        head.string(Stored.header)
        head.number(inputs)
        head.number(generation)
        return write(head.bytes, to: path)
    }

    /// The site kept under `inputs` (``inputs(of:)``): `stored` itself, or `stored` with the posts changed since,
    /// which `store` keeps; its settings are yet to be given (``SiteConfig()`` until then). `nil` when `stored` is of
    /// another generation of the bodies' index than `store`'s, or neither holds the site under `inputs`.
    static func find(_ stored: Stored?, inputs: UInt64, store: BodyStore) -> KeptSite? {
        guard let stored, stored.generation != 0, stored.generation == store.generation else { return nil }
        var patch: ByteReader?
        if stored.inputs != inputs {
            guard let changes = store.memo(of: .site).find(Self.patchName, inputs) else { return nil }
            var reader = ByteReader(changes)
            guard (try? reader.number()) == stored.inputs else { return nil }
            patch = reader
        }
        guard var site = try? KeptSite(stored.bytes, from: stored.start, file: store.file) else { return nil }
        if var reader = patch, (try? site.apply(&reader, file: store.file)) == nil { return nil }
        site.base = stored.inputs
        return site
    }

    /// Keeps under `inputs` in `memo` only the posts changed since the stored site this one was read from, while
    /// they are few.
    /// - Returns: Whether it kept them; when not, the whole site is to be written (``write(to:inputs:generation:)``).
    func keepChanges(in memo: PartMemo, as inputs: UInt64) -> Bool {
        guard let base, patched.count <= max(64, site.posts.count / 16) else { return false }
        var writer = ByteWriter(capacity: 64 + patched.count * 4096)
        writer.number(base)
        writer.list(patched.sorted()) { writer, index in
            let post = site.posts[index]
            writer.number(index)
            writer.number(positions[index])
            writer.post(post)
            if let lines = lines[post.sourcePath] {
                writer.number(1)
                writer.lines(lines)
            } else {
                writer.number(0)
            }
            writer.list(redirects.filter { $0.origin.path == post.sourcePath }) { writer, redirect in writer.redirect(redirect) }
        }
        memo.keep(Self.patchName, inputs, writer.bytes)
        return true
    }

    /// Where the changed posts are kept.
    private static let patchName = "changed posts"

    /// Puts in place the changed posts that `reader` reads, as ``keepChanges(in:as:)`` wrote them.
    private mutating func apply(_ reader: inout ByteReader, file: SpillFile) throws(ByteReader.Malformed) {
        for _ in 0..<(try reader.count()) {
            let index = try reader.int()
            let position = try reader.number()
            let post = try reader.post(file: file)
            guard site.posts.indices.contains(index), site.posts[index].sourcePath == post.sourcePath,
                post.related.allSatisfy(site.posts.indices.contains)
            else { throw ByteReader.Malformed() }
            site.posts[index] = post
            positions[index] = position
            patched.insert(index)
            lines[post.sourcePath] = try reader.flag() ? try reader.lines() : nil
            var fresh = try reader.list { reader throws(ByteReader.Malformed) in try reader.redirect() }[...]
            for place in redirects.indices where redirects[place].origin.path == post.sourcePath {
                if let redirect = fresh.popFirst() { redirects[place] = redirect }
            }
        }
        guard reader.isAtEnd else { throw ByteReader.Malformed() }
    }

    /// What a kept site is found by: the hash of the dependencies of the build that made it, whose record the next
    /// build reads (the shape, and every post's presentation).
    static func inputs(of dependencies: PageDependencies) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(Int64(bitPattern: dependencies.shape))
        hasher.combine(Int64(dependencies.posts.count))
        for post in dependencies.posts { hasher.combine(Int64(bitPattern: post)) }
        return hasher.value
    }

    init(
        site: Site, links: SiteLinks, structure: [UInt64], lines: [String: PageOrigins.KeyLines], redirects: [RedirectPage],
        positions: [UInt64], assemblyWarnings: [Diagnostic]
    ) {
        (self.site, self.links, self.structure, self.lines, self.redirects) = (site, links, structure, lines, redirects)
        (self.positions, self.assemblyWarnings) = (positions, assemblyWarnings)
    }
}
