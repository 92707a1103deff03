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
    /// The kept bytes this site was read from and the posts changed since (``keep(in:as:)``); `nil` for a site a
    /// whole build made.
    var base: UInt64?
    var patched: Set<Int> = []

    /// The site kept under `inputs` (``inputs(of:)``) in `memo`, with `config`; its posts' HTML is read from `file`.
    static func find(in memo: PartMemo, inputs: UInt64, config: SiteConfig, file: SpillFile) -> KeptSite? {
        if let patch = memo.find(Self.patchName, inputs) {
            var reader = ByteReader(patch)
            guard let base = try? reader.number(), let bytes = memo.find("", base),
                var site = try? KeptSite(bytes, config: config, file: file), (try? site.apply(&reader, file: file)) != nil
            else { return nil }
            site.base = base
            return site
        }
        guard let bytes = memo.find("", inputs), var site = try? KeptSite(bytes, config: config, file: file) else { return nil }
        site.base = inputs
        return site
    }

    /// Keeps the site under `inputs` in `memo`: only the posts changed since the bytes it was read from, while they
    /// are few, else whole.
    func keep(in memo: PartMemo, as inputs: UInt64) {
        guard let base, patched.count <= max(64, site.posts.count / 16) else { return memo.keep("", inputs, bytes) }
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
    }

    /// Where the changed posts are kept.
    private static let patchName = "changed posts"

    /// Puts in place the changed posts that `reader` reads, as ``keep(in:as:)`` wrote them.
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
