import Foundation
import Hummingbird
import HummingbirdTesting
import SitegenCore
import Testing

@testable import SitegenServe

/// The preview server answers like a static host, through Hummingbird's router test framework.
@Suite struct SiteResponderTests {
    @Test func servesPagesWithTheReloadScriptAndFoldersThroughIndexHTML() async throws {
        let fixture = try ServedFixture()
        try await fixture.test { client in
            let home = try await client.execute(uri: "/", method: .get)
            #expect(home.status == .ok)
            #expect(home.headers[.contentType] == "text/html; charset=utf-8")
            #expect(home.text.contains("Hello served world"))
            #expect(home.text.contains("new EventSource(\"/__sitegen/events\")"))
            let script = try #require(home.text.range(of: "<script data-sitegen-live-reload>"))
            let bodyEnd = try #require(home.text.range(of: "</body>", options: .backwards))
            #expect(script.lowerBound < bodyEnd.lowerBound, "the script goes inside the body")

            let post = try await client.execute(uri: "/posts/hello/", method: .get)
            #expect(post.status == .ok)
            #expect(post.text.contains("The first post."))
            let explicit = try await client.execute(uri: "/posts/hello/index.html", method: .get)
            #expect(explicit.status == .ok)
            #expect(explicit.text == post.text)
        }
    }

    @Test func theBuiltFilesNeverContainTheReloadScript() throws {
        let fixture = try ServedFixture()
        for file in fixture.result.files {
            guard case .bytes(let bytes) = file.contents else { continue }
            #expect(!String(decoding: bytes, as: UTF8.self).contains("sitegen-live-reload"), "\(file.path)")
        }
    }

    @Test func everyCommonFileTypeGetsItsMediaType() async throws {
        let types = [
            "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml; charset=utf-8",
            "gif": "image/gif", "ico": "image/vnd.microsoft.icon", "xml": "application/xml; charset=utf-8",
            "json": "application/json; charset=utf-8", "woff2": "font/woff2", "txt": "text/plain; charset=utf-8",
            "bin": "application/octet-stream",
        ]
        let fixture = try ServedFixture(
            assets: Dictionary(uniqueKeysWithValues: types.keys.map { ("content/files/sample.\($0)", Array("bytes of \($0)".utf8)) }))
        try await fixture.test { client in
            for (fileExtension, type) in types {
                let response = try await client.execute(uri: "/files/sample.\(fileExtension)", method: .get)
                #expect(response.status == .ok, "\(fileExtension)")
                #expect(response.headers[.contentType] == type, "\(fileExtension)")
                #expect(response.text == "bytes of \(fileExtension)", "\(fileExtension)")
            }
        }
    }

    @Test func filesCopiedFromDiskAreReadWhenRequested() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let photo = folder.appendingPathComponent("slides.pdf")
        try Data([0x25, 0x50, 0x44, 0x46]).write(to: photo)
        let fixture = try ServedFixture(diskAssets: ["content/files/slides.pdf": photo.path])
        try await fixture.test { client in
            let response = try await client.execute(uri: "/files/slides.pdf", method: .get)
            #expect(response.status == .ok)
            #expect(Array(buffer: response.body) == [0x25, 0x50, 0x44, 0x46])
            #expect(response.headers[.eTag] != nil)
        }
    }

    @Test func anEntityTagThatMatchesGets304WithoutABody() async throws {
        let fixture = try ServedFixture()
        try await fixture.test { client in
            for uri in ["/assets/style.css", "/posts/hello/"] {
                let first = try await client.execute(uri: uri, method: .get)
                let etag = try #require(first.headers[.eTag])
                #expect(first.headers[.cacheControl] == "no-cache")
                let again = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag])
                #expect(again.status == .notModified, "\(uri)")
                #expect(again.body.readableBytes == 0)
                #expect(again.headers[.eTag] == etag)
                let listed = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: "\"other\", \(etag)"])
                #expect(listed.status == .notModified)
                let stale = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: "\"stale\""])
                #expect(stale.status == .ok)
                #expect(stale.body.readableBytes > 0)
            }
        }
    }

    @Test func aNewBuildChangesAPagesEntityTag() async throws {
        let fixture = try ServedFixture()
        try await fixture.test { client in
            let before = try await client.execute(uri: "/", method: .get)
            let site = fixture.live.snapshot.site
            fixture.live.publish(site: site, errors: [], failingPages: [])
            let after = try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: before.headers[.eTag] ?? ""])
            #expect(after.status == .ok, "the page embeds the build number, so it must be fetched again")
        }
    }

    @Test func aPageIsAnsweredFromTheCacheUntilTheNextBuildReplacesIt() async throws {
        let fixture = try ServedFixture()
        let changed = try ServedFixture(files: [
            "content/posts/hello.md": "---\ntitle: Hello served world\ndate: 2025-03-01\ntags: [swift]\n---\nThe post, edited.\n"
        ])
        try await fixture.test { client in
            let first = try await client.execute(uri: "/posts/hello/", method: .get)
            let again = try await client.execute(uri: "/posts/hello/", method: .get)
            #expect(again.text == first.text)
            #expect(again.headers[.eTag] == first.headers[.eTag])
            let cached = try #require(fixture.responder.cache.entry(for: .site(path: "posts/hello", isFolder: true), generation: 1))
            #expect(String(buffer: cached.body) == first.text, "the answer is the one kept")

            fixture.live.publish(site: changed.live.snapshot.site, errors: [], failingPages: [])
            let edited = try await client.execute(uri: "/posts/hello/", method: .get)
            #expect(edited.text.contains("The post, edited."))
            #expect(!edited.text.contains("The first post."))
            #expect(edited.headers[.eTag] != first.headers[.eTag])
            #expect(try await client.execute(uri: "/posts/hello/", method: .get).text == edited.text)

            fixture.live.publish(
                site: nil, errors: [Diagnostic(path: "content/posts/hello.md", line: 2, message: "broken")],
                failingPages: ["posts/hello/index.html"])
            let failing = try await client.execute(uri: "/posts/hello/", method: .get)
            #expect(failing.status == .internalServerError, "a build that failed is shown, not the page kept")
        }
    }

    @Test func theRedirectFromOutsideTheBasePathIsNeverTakenForA404() async throws {
        let fixture = try ServedFixture(baseURL: "https://user.github.io/journey/")
        try await fixture.test { client in
            #expect(try await client.execute(uri: "/elsewhere/", method: .get).status == .notFound)
            let root = try await client.execute(uri: "/", method: .get)
            #expect(root.status == .movedPermanently, "paths outside the base path share no cached answer")
            #expect(try await client.execute(uri: "/elsewhere/", method: .get).status == .notFound)
        }
    }

    @Test func headAnswersLikeGetWithoutTheBody() async throws {
        let fixture = try ServedFixture()
        try await fixture.test { client in
            for uri in ["/", "/assets/style.css", "/does-not-exist/"] {
                let get = try await client.execute(uri: uri, method: .get)
                let head = try await client.execute(uri: uri, method: .head)
                #expect(head.status == get.status, "\(uri)")
                #expect(head.headers[.contentType] == get.headers[.contentType])
                #expect(head.headers[.contentLength] == String(get.body.readableBytes))
                #expect(head.body.readableBytes == 0)
            }
        }
    }

    @Test func aFolderWithoutItsSlashRedirectsKeepingTheQuery() async throws {
        let fixture = try ServedFixture()
        try await fixture.test { client in
            let post = try await client.execute(uri: "/posts/hello", method: .get)
            #expect(post.status == .movedPermanently)
            #expect(post.headers[.location] == "/posts/hello/")
            let tag = try await client.execute(uri: "/tags/swift?from=feed", method: .get)
            #expect(tag.headers[.location] == "/tags/swift/?from=feed")
        }
    }

    @Test func unknownPathsGetTheSitesOwn404Page() async throws {
        let fixture = try ServedFixture()
        try await fixture.test { client in
            for uri in ["/nothing-here/", "/posts/nope", "/assets/missing.css", "/posts/hello/index.htm"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri)")
                #expect(response.text.contains("Page not found"), "\(uri)")
                #expect(response.text.contains("sitegen-live-reload"))
            }
        }
    }

    @Test func onlyGetAndHeadAreAllowed() async throws {
        let fixture = try ServedFixture()
        try await fixture.test { client in
            for method in [HTTPRequest.Method.post, .put, .delete, .patch, .options] {
                let response = try await client.execute(uri: "/", method: method)
                #expect(response.status == .methodNotAllowed, "\(method)")
                #expect(response.headers[.allow] == "GET, HEAD")
            }
        }
    }

    @Test func aSiteUnderABasePathIsServedUnderIt() async throws {
        let fixture = try ServedFixture(baseURL: "https://user.github.io/journey/")
        try await fixture.test { client in
            let home = try await client.execute(uri: "/journey/", method: .get)
            #expect(home.status == .ok)
            #expect(home.text.contains("href=\"/journey/posts/hello/\""))
            #expect(home.text.contains("new EventSource(\"/journey/__sitegen/events\")"))
            #expect(try await client.execute(uri: "/journey/posts/hello/", method: .get).status == .ok)
            let root = try await client.execute(uri: "/", method: .get)
            #expect(root.status == .movedPermanently)
            #expect(root.headers[.location] == "/journey/")
            let bare = try await client.execute(uri: "/journey", method: .get)
            #expect(bare.headers[.location] == "/journey/")
            #expect(try await client.execute(uri: "/posts/hello/", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/journeys/", method: .get).status == .notFound)
        }
    }

    @Test(arguments: [
        "/../etc/passwd", "/posts/../../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E/%2e%2e/etc/passwd", "/posts/%2e%2e/index.html",
        "/./index.html", "/posts%2fhello/", "/posts%2Fhello/index.html", "/..%2f..%2fetc/passwd", "/..\\..\\etc\\passwd",
        "/posts%5chello/", "/%5c..%5c..%5cetc%5cpasswd", "/index.html%00.png", "/posts/hello/%00", "/%zz/", "/%e2%82/",
        "/%0a/index.html",
    ])
    func traversalAndSmuggledSeparatorsAreRefused(uri: String) async throws {
        let fixture = try ServedFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .badRequest, "\(uri.debugDescription) → \(response.status)")
            #expect(!response.text.contains("root:"))
        }
    }

    /// Hummingbird's test client refuses to send a raw NUL, so the path resolver is checked directly here, and the
    /// end-to-end test sends one to the real server.
    @Test func aRawNULByteNeverReachesASiteFile() {
        #expect(RequestPath(target: "/\u{0}/index.html", basePath: "/") == .invalid)
        #expect(RequestPath(target: "/index.html\u{0}.png", basePath: "/") == .invalid)
        #expect(RequestPath(target: "/index.html", basePath: "/") == .site(path: "index.html", isFolder: false))
    }

    @Test func percentEncodedNamesThatAreSafeAreDecoded() async throws {
        let fixture = try ServedFixture(assets: ["content/files/notes on café.txt": Array("decoded".utf8)])
        try await fixture.test { client in
            let response = try await client.execute(uri: "/files/notes%20on%20caf%C3%A9.txt", method: .get)
            #expect(response.status == .ok)
            #expect(response.text == "decoded")
        }
    }

    @Test func aFailedBuildShowsTheErrorOnItsPageAndABannerElsewhere() async throws {
        let fixture = try ServedFixture()
        let error = Diagnostic.error("content/posts/hello.md", 3, 7, "`missing.md` links to content/posts/missing.md, which does not exist")
        fixture.live.publish(site: nil, errors: [error], failingPages: ["posts/hello/index.html"])
        try await fixture.test { client in
            let failing = try await client.execute(uri: "/posts/hello/", method: .get)
            #expect(failing.status == .internalServerError)
            #expect(failing.text.contains("Build failed"))
            #expect(failing.text.contains("content/posts/hello.md:3:7"))
            #expect(failing.text.contains("links to content/posts/missing.md, which does not exist"))
            #expect(failing.text.contains("sitegen-live-reload"), "the error page reloads once the file is fixed")
            #expect(!failing.text.contains("The first post."))

            let other = try await client.execute(uri: "/posts/second/", method: .get)
            #expect(other.status == .ok)
            #expect(other.text.contains("Another post."), "the last good site is still served")
            #expect(other.text.contains("data-sitegen-build-errors"))
            #expect(other.text.contains("content/posts/hello.md:3:7"))
        }
        fixture.live.publish(site: nil, errors: [], failingPages: [])
        try await fixture.test { client in
            let fixed = try await client.execute(uri: "/posts/hello/", method: .get)
            #expect(fixed.status == .ok)
            #expect(!fixed.text.contains("data-sitegen-build-errors"))
        }
    }

    @Test func aPageWhoseFileHasWarningsShowsThemInAQuieterBanner() async throws {
        let fixture = try ServedFixture()
        let warning = Diagnostic.warning(
            "content/posts/hello.md", 8, 1, "Liquid tag `{% highlight ruby %}` is not run by sitegen and is published as text")
        fixture.live.publish(site: nil, errors: [], failingPages: [], pageWarnings: ["posts/hello/index.html": [warning]])
        try await fixture.test { client in
            let page = try await client.execute(uri: "/posts/hello/", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("data-sitegen-build-warnings"))
            #expect(page.text.contains("1 warning</strong>"))
            #expect(page.text.contains("content/posts/hello.md:8:1"))
            #expect(page.text.contains("Liquid tag `{% highlight ruby %}`"))
            let other = try await client.execute(uri: "/posts/second/", method: .get)
            #expect(!other.text.contains("data-sitegen-build-warnings"), "only the page made from the file")
        }
        // A failed build shows its errors instead; the warnings come back with the next good build.
        let error = Diagnostic.error("content/posts/second.md", 2, 1, "broken")
        fixture.live.publish(site: nil, errors: [error], failingPages: [])
        try await fixture.test { client in
            let page = try await client.execute(uri: "/posts/hello/", method: .get)
            #expect(page.text.contains("data-sitegen-build-errors"))
            #expect(!page.text.contains("data-sitegen-build-warnings"))
        }
        fixture.live.publish(site: nil, errors: [], failingPages: [], pageWarnings: [:])
        try await fixture.test { client in
            let page = try await client.execute(uri: "/posts/hello/", method: .get)
            #expect(!page.text.contains("data-sitegen-build-warnings"))
        }
    }

    @Test func errorMessagesAreEscaped() async throws {
        let fixture = try ServedFixture()
        fixture.live.publish(
            site: nil, errors: [.error("content/posts/<b>.md", 1, 1, "bad <script>alert(1)</script>")], failingPages: [])
        try await fixture.test { client in
            let page = try await client.execute(uri: "/", method: .get)
            #expect(!page.text.contains("<script>alert(1)</script>"))
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }

    @Test func theEventStreamAnswersHeadWithItsMediaType() async throws {
        let fixture = try ServedFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/__sitegen/events", method: .head)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
        }
    }
}
