import Foundation
import Testing

@testable import SitegenCore

/// Builds an in-memory site from `path: text` pairs (paths relative to the site's folder).
func makeSource(_ files: [String: String], assets: [String] = []) -> SiteSource {
    var source = SiteSource(root: "/nonexistent-site")
    for (path, text) in files.sorted(by: { $0.key < $1.key }) {
        let file = SourceFile(path: path, text: text, modified: Date(timeIntervalSince1970: 1_700_000_000))
        if path == "site.yml" {
            source.config = file
        } else if path.hasPrefix("templates/") {
            source.templates.append(file)
        } else {
            source.markdown.append(file)
        }
    }
    source.assets = assets.map { AssetFile(path: $0, contents: .bytes($0.hasSuffix(".png") ? tinyPNG : Array("asset".utf8))) }
    return source
}

/// Options that make builds independent of the clock and of git.
func testOptions(drafts: Bool = false, future: Bool = false, baseURL: String? = nil) -> BuildOptions {
    var options = BuildOptions()
    options.now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
    options.useGitDates = false
    options.includeDrafts = drafts
    options.includeFuture = future
    options.baseURL = baseURL
    return options
}

extension BuildResult {
    /// The text of the output file at `path`, if the build wrote one.
    func text(_ path: String) -> String? {
        guard let file = files.first(where: { $0.path == path }), case .bytes(let bytes) = file.contents else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The diagnostics as printed.
    var messages: [String] { diagnostics.map(\.description) }
}

/// A post file with front matter.
func post(_ title: String, date: String, extra: String = "", body: String = "Some text for the post body.") -> String {
    "---\ntitle: \(title)\ndate: \(date)\n\(extra)---\n\n\(body)\n"
}

/// What the incremental tests' sites have besides their posts: `site.yml`, projects alpha and beta, and an about
/// page linking to `post-1`.
func projectSiteFiles(title: String, paginate: Int) -> [String: String] {
    [
        "site.yml": "title: \(title)\npaginate: \(paginate)\ntimezone: UTC\n",
        "content/projects/alpha.md": "---\ntitle: Alpha\n---\nThe alpha project.\n",
        "content/projects/beta.md": "---\ntitle: Beta\n---\nThe beta project.\n",
        "content/pages/about.md": "---\ntitle: About\n---\nAbout [the first post](../posts/post-1.md).\n",
    ]
}

/// The post titles a list page shows, in order.
func cardTitles(_ html: String) -> [String] {
    html.components(separatedBy: "class=\"post-card-title\"><a href=\"").dropFirst().compactMap { part in
        guard let start = part.firstIndex(of: ">"), let end = part.range(of: "</a>") else { return nil }
        return String(part[part.index(after: start)..<end.lowerBound])
    }
}

extension Theme {
    /// Where the built-in theme's fingerprinted copy of `name` goes: `/assets/hashed/style.3f9a1c2e.css`.
    static func builtInAssetRoute(_ name: String) -> Route {
        Theme.load(templates: [], assets: []).0?.fingerprintedRoutes[name] ?? Route("/missing")
    }
}

/// A deterministic generator (SplitMix64), so that a failing sequence of random edits can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// A real PNG of 2×1 pixels, for tests whose sites copy an image: a file that is not one is refused.
let tinyPNG: [UInt8] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
    0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x7B, 0x40, 0xE8, 0xDD, 0x00, 0x00, 0x00, 0x0F, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63,
    0x3C, 0x21, 0x27, 0xC7, 0xC0, 0xC0, 0x00, 0x00, 0x05, 0xCC, 0x01, 0x06, 0x45, 0x88, 0x59, 0xD4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
]

/// Another real PNG, of 1×2 pixels.
let otherTinyPNG: [UInt8] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0x16, 0xE3, 0x21, 0x70, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63,
    0x90, 0x93, 0x3B, 0xC1, 0xC4, 0xC0, 0xC0, 0x00, 0x00, 0x05, 0x7E, 0x01, 0x07, 0x37, 0xAC, 0x8B, 0x42, 0x00, 0x00, 0x00, 0x00, 0x49,
    0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
]

/// A site on disk with a cache folder, its cached output and a second output for cold builds.
struct SiteOnDisk {
    let root: URL
    var now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content/posts"), withIntermediateDirectories: true)
    }

    var cache: CacheFolder { CacheFolder(site: root) }
    var output: URL { root.appendingPathComponent("public") }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    /// Writes a binary file dated an hour ago, as a photo added to a journal is: a build reads only the stamp
    /// of a binary file, so one modified within a second of a build is taken as changed.
    func write(_ path: String, bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: url.path)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    func build(cached: Bool = true, into output: URL? = nil) -> BuildResult {
        var options = testOptions()
        options.now = now
        return SiteBuilder(options: options).buildAndWrite(
            source: root, output: output ?? self.output, cache: cached ? cache : nil)
    }
}

/// Checks that the site's output is what a build without the cache makes of it, byte for byte.
func expectSameAsCold(_ site: SiteOnDisk, sourceLocation: SourceLocation = #_sourceLocation) {
    let cold = site.root.appendingPathComponent("cold")
    #expect(site.build(cached: false, into: cold).succeeded, sourceLocation: sourceLocation)
    #expect(differences(site.output, cold) == [], sourceLocation: sourceLocation)
}

/// Every file under `folder` with its bytes, by relative path.
func tree(_ folder: URL) -> [String: Data] {
    var files: [String: Data] = [:]
    let base = folder.standardizedFileURL.path
    guard let walker = FileManager.default.enumerator(atPath: base) else { return files }
    while let path = walker.nextObject() as? String {
        if let data = FileManager.default.contents(atPath: base + "/" + path), !isFolder(base + "/" + path) {
            files[path] = data
        }
    }
    return files
}

/// The paths whose bytes differ between two folders, or that only one has.
func differences(_ first: URL, _ second: URL) -> [String] {
    let (one, two) = (tree(first), tree(second))
    return Set(one.keys).union(two.keys).filter { one[$0] != two[$0] }.sorted()
}

func isFolder(_ path: String) -> Bool {
    var folder: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
}

/// Each output file's inode and modification time.
func stamps(_ folder: URL) -> [String: FileStamp] {
    tree(folder).keys.reduce(into: [:]) { stamps, path in
        stamps[path] = FileStamp.of(folder.path + "/" + path).map {
            FileStamp(size: $0.size, modified: $0.modified, changed: 0, inode: $0.inode)
        }
    }
}
