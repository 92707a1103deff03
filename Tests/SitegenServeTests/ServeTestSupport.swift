import Foundation
import Hummingbird
import HummingbirdTesting
import SitegenCore
import Testing

@testable import SitegenServe

/// A small site built in memory and published to a ``LiveSite``, with the application that serves it.
struct ServedFixture {
    let live = LiveSite()
    let result: BuildResult
    let responder: SiteResponder
    let app: Application<SiteResponder>

    /// Builds `files` (`path: text`, with `site.yml` and markdown under `content/`) plus `assets` (`path: bytes`).
    init(
        baseURL: String = "https://example.com/", files extra: [String: String] = [:], assets: [String: [UInt8]] = [:],
        diskAssets: [String: String] = [:]
    ) throws {
        var files = [
            "site.yml": "title: Served\nbase_url: \(baseURL)\ntimezone: UTC\n",
            "content/posts/hello.md": "---\ntitle: Hello served world\ndate: 2025-03-01\ntags: [swift]\n---\nThe first post.\n",
            "content/posts/second.md": "---\ntitle: Second post\ndate: 2025-03-02\n---\nAnother post.\n",
        ]
        files.merge(extra) { _, new in new }
        var source = SiteSource(root: "/nonexistent-site")
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let file = SourceFile(path: path, text: text)
            if path == "site.yml" { source.config = file } else { source.markdown.append(file) }
        }
        source.assets = assets.sorted { $0.key < $1.key }.map { AssetFile(path: $0.key, contents: .bytes($0.value)) }
        source.assets += diskAssets.sorted { $0.key < $1.key }.map { AssetFile(path: $0.key, contents: .file($0.value)) }
        var options = BuildOptions()
        options.now = Date(timeIntervalSince1970: 1_767_225_600)
        options.useGitDates = false
        result = SiteBuilder(options: options).build(source)
        try #require(result.succeeded, "\(result.diagnostics)")
        let site = try #require(result.site)
        live.publish(
            site: ServedSite(basePath: site.config.baseURL.basePath, files: result.files), errors: [], failingPages: [])
        responder = SiteResponder(live: live, session: "test")
        app = Application(responder: responder)
    }

    /// Runs `test` with a client of the router test framework.
    func test(_ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await app.test(.router, test)
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }
}
