import Foundation
import Testing

/// The real `sitegen serve` process over a temporary site: live reload after edits, additions and deletions,
/// errors in the browser, the raw protocol edge cases, and shutdown.
@Suite(.serialized) struct ServeTests {
    /// A site of two posts.
    private func makeSite() throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try site.write("site.yml", "title: Live journal\nbase_url: https://example.com/\ntimezone: UTC\n")
        try site.write("content/posts/one.md", "---\ntitle: Post one\ndate: 2025-01-01\n---\nThe original text.\n")
        try site.write("content/posts/two.md", "---\ntitle: Post two\ndate: 2025-01-02\n---\nThe second post.\n")
        return site
    }

    /// A site of two posts served, once its first build is announced.
    private func serveNewSite() throws -> (TemporaryFolder, ServeProcess, EventListener) {
        let site = try makeSite()
        let server = try ServeProcess(site: site.url)
        let events = try EventListener(port: server.port)
        _ = events.waitForBuild(after: 0, timeout: 60)
        return (site, server, events)
    }

    /// Writes `text` at `path` and waits for the next build; returns the seconds from saving to the new build.
    private func save(_ text: String, at path: String, in site: TemporaryFolder, events: EventListener) throws -> (
        build: String?, seconds: Double
    ) {
        let count = events.announced.count
        let start = Date()
        try site.write(path, text)
        guard events.waitForBuild(after: count, timeout: 60) != nil else { return (nil, Date().timeIntervalSince(start)) }
        let seconds = Date().timeIntervalSince(start)
        // A save can reach the watcher as more than one event (the temporary file, then the rename), and a
        // rebuild may start between them: wait until no further build follows, so the pages show the save.
        var settled = events.announced.count
        while events.waitForBuild(after: settled, timeout: 0.3) != nil {
            settled = events.announced.count
        }
        return (events.announced.last, seconds)
    }

    @Test(arguments: [false, true])
    func editsAdditionsAndDeletionsReachTheBrowserWithinASecond(polling: Bool) throws {
        let site = try makeSite()
        let server = try ServeProcess(site: site.url, arguments: polling ? ["--poll"] : [])
        let events = try EventListener(port: server.port)
        #expect(events.waitForBuild(after: 0, timeout: 60) != nil, "the stream announces the current build on connecting")
        #expect(try httpGet(port: server.port, "/posts/one/").body.contains("The original text."))

        let edit = try save(
            "---\ntitle: Post one\ndate: 2025-01-01\n---\nEdited while the server runs.\n", at: "content/posts/one.md", in: site,
            events: events)
        let edited = try httpGet(port: server.port, "/posts/one/")
        #expect(edit.build != nil)
        #expect(edited.body.contains("Edited while the server runs."))
        #expect(edited.body.contains("data-sitegen-live-reload"))

        let add = try save(
            "---\ntitle: Post three\ndate: 2025-01-03\n---\nA new post.\n", at: "content/posts/three.md", in: site, events: events)
        #expect(add.build != nil)
        #expect(try httpGet(port: server.port, "/posts/three/").status == 200)
        #expect(try httpGet(port: server.port, "/").body.contains("Post three"))

        let count = events.announced.count
        try FileManager.default.removeItem(at: site.url.appendingPathComponent("content/posts/two.md"))
        #expect(events.waitForBuild(after: count, timeout: 60) != nil)
        #expect(try httpGet(port: server.port, "/posts/two/").status == 404)
        #expect(!(try httpGet(port: server.port, "/").body.contains("Post two")))

        #expect(server.interrupt() == 0)
        // The body edit was patched into the kept site; the new post and the deletion assembled it again.
        #expect(server.output.contains { $0.hasPrefix("Rebuilt in ") && $0.hasSuffix("to render again.") })
        #expect(server.output.contains { $0.hasPrefix("Rebuilt in ") && $0.hasSuffix("the site assembled again.") })
        #expect(!FileManager.default.fileExists(atPath: site.url.appendingPathComponent("public").path), "serve never writes the site")
    }

    @Test func aPhotoIsServedWithItsCopiesMadeOnceIntoTheCacheFolder() throws {
        let site = try makeSite()
        try site.write("content/posts/trip/index.md", "---\ntitle: Trip\ndate: 2025-01-04\n---\n\n![A dot](dot.png)\n")
        try site.write("content/posts/trip/dot.png", "PNG")
        let server = try ServeProcess(site: site.url)
        let events = try EventListener(port: server.port)
        #expect(events.waitForBuild(after: 0, timeout: 60) != nil)
        let page = try httpGet(port: server.port, "/posts/trip/")
        #expect(page.body.contains("<source type=\"image/webp\" srcset=\"/posts/trip/dot.2w.webp 2w\""))
        let copy = try httpGet(port: server.port, "/posts/trip/dot.2w.webp")
        #expect(copy.status == 200 && copy.headers["content-type"] == "image/webp")
        #expect(server.interrupt() == 0)
        let photos = site.url.appendingPathComponent(".sitegen-cache/photos")
        #expect(FileManager.default.fileExists(atPath: photos.appendingPathComponent("index").path), "made once, kept in the cache")
        #expect(!FileManager.default.fileExists(atPath: site.url.appendingPathComponent("public").path))
    }

    @Test func aBuildErrorIsShownInTheBrowserUntilTheFileIsFixed() throws {
        let (site, server, events) = try serveNewSite()

        let broken = try save(
            "---\ntitle: Post one\ndate: 2025-01-01\ntags: [unclosed\n---\nText.\n", at: "content/posts/one.md", in: site, events: events)
        #expect(broken.build != nil)
        let errorPage = try httpGet(port: server.port, "/posts/one/")
        #expect(errorPage.status == 500)
        #expect(errorPage.body.contains("Build failed"))
        #expect(errorPage.body.contains("content/posts/one.md:4:"))
        let other = try httpGet(port: server.port, "/posts/two/")
        #expect(other.status == 200)
        #expect(other.body.contains("The second post."))
        #expect(other.body.contains("data-sitegen-build-errors"))
        #expect(waitUntil(timeout: 60) { server.errors.contains("content/posts/one.md:4:") }, "printed in the terminal: \(server.errors)")

        let fixed = try save("---\ntitle: Post one\ndate: 2025-01-01\n---\nFixed.\n", at: "content/posts/one.md", in: site, events: events)
        #expect(fixed.build != nil)
        let page = try httpGet(port: server.port, "/posts/one/")
        #expect(page.status == 200)
        #expect(page.body.contains("Fixed."))
        #expect(!page.body.contains("data-sitegen-build-errors"))
        #expect(server.interrupt() == 0)
    }

    @Test func aWarningIsShownOnItsPageAndGoesWhenFixed() throws {
        let (site, server, events) = try serveNewSite()

        let liquid = try save(
            "---\ntitle: Post one\ndate: 2025-01-01\n---\nSee {{ site.url }} for more.\n", at: "content/posts/one.md", in: site,
            events: events)
        #expect(liquid.build != nil)
        let page = try httpGet(port: server.port, "/posts/one/")
        #expect(page.status == 200)
        #expect(page.body.contains("data-sitegen-build-warnings"))
        #expect(page.body.contains("content/posts/one.md:5:5"))
        #expect(!(try httpGet(port: server.port, "/posts/two/")).body.contains("data-sitegen-build-warnings"))
        #expect(waitUntil(timeout: 60) { server.errors.contains("content/posts/one.md:5:5: warning: Liquid variable") }, "\(server.errors)")

        let fixed = try save(
            "---\ntitle: Post one\ndate: 2025-01-01\n---\nSee the site.\n", at: "content/posts/one.md", in: site, events: events)
        #expect(fixed.build != nil)
        #expect(!(try httpGet(port: server.port, "/posts/one/")).body.contains("data-sitegen-build-warnings"))
        #expect(server.interrupt() == 0)
    }

    @Test func aSiteThatDoesNotBuildAtStartIsServedOnceFixed() throws {
        let site = try makeSite()
        try site.write("site.yml", "title: [unclosed\n")
        let server = try ServeProcess(site: site.url)
        let events = try EventListener(port: server.port)
        _ = events.waitForBuild(after: 0, timeout: 60)
        let failing = try httpGet(port: server.port, "/")
        #expect(failing.status == 500)
        #expect(failing.body.contains("site.yml:1:"))
        #expect(failing.body.contains("data-sitegen-live-reload"), "the error page reloads by itself once fixed")

        let fixed = try save("title: Live journal\ntimezone: UTC\n", at: "site.yml", in: site, events: events)
        #expect(fixed.build != nil)
        let home = try httpGet(port: server.port, "/")
        #expect(home.status == 200)
        #expect(home.body.contains("Post two"))
        #expect(server.interrupt() == 0)
    }

    @Test func rawRequestsCannotLeaveTheSite() throws {
        let site = try makeSite()
        try "top secret".write(to: site.url.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        let server = try ServeProcess(site: site.url)
        for target in [
            "/../secret.txt", "/%2e%2e/secret.txt", "/posts/..%2f..%2fsecret.txt", "/..\\secret.txt", "/secret.txt\u{0}.html",
            "/content/posts/one.md", "/site.yml", "/secret.txt",
        ] {
            let response = try? httpGet(port: server.port, target)
            #expect(response.map { [400, 404].contains($0.status) } ?? true, "\(target.debugDescription)")
            #expect(response?.body.contains("top secret") != true)
            #expect(response?.body.contains("The original text.") != true, "sources are never served")
        }
        let head = try httpGet(port: server.port, "/posts/one", headers: [:])
        #expect(head.status == 301)
        #expect(head.headers["location"] == "/posts/one/")
        #expect(server.interrupt() == 0)
    }

    @Test func aBusyPortIsAOneLineError() throws {
        let site = try makeSite()
        let server = try ServeProcess(site: site.url)
        let second = try sitegen("serve", "--source", site.url.path, "--port", String(server.port))
        #expect(second.status == 1)
        let errorLines = second.stderr.split(separator: "\n")
        #expect(
            errorLines == ["error: port \(server.port) on 127.0.0.1 is already in use; stop the other server or pick another with --port"])
        #expect(server.interrupt() == 0)
    }

    @Test func listeningBeyondLoopbackWarns() throws {
        let site = try makeSite()
        let server = try ServeProcess(site: site.url, arguments: ["--host", "0.0.0.0"])
        #expect(server.errors.contains("warning: serving on 0.0.0.0 makes the site, drafts included, visible to other machines"))
        #expect(server.output.contains { $0.contains("at http://localhost:\(server.port)/") })
        #expect(server.interrupt() == 0)
    }

    @Test func idleConnectionsAreClosedAndTheNumberOpenIsBounded() throws {
        let site = try makeSite()
        let server = try ServeProcess(site: site.url, arguments: ["--idle-timeout", "1", "--max-connections", "8"])
        // Eight silent clients fill the server; the ninth waits, and the terminal says why.
        let idle = try (0..<8).map { _ in try LoopbackConnection(port: server.port) }
        #expect(waitUntil(timeout: 60) { server.errors.contains("8 connections are open") })
        // The idle ones are closed by the server, after which requests are answered again.
        for connection in idle {
            connection.setReceiveTimeout(10)
            #expect(connection.isClosedByPeer(), "an idle connection is closed by the server")
        }
        #expect(try httpGet(port: server.port, "/").status == 200)
        #expect(server.interrupt() == 0)
    }

    /// Ctrl-C during a rebuild ends the server without waiting for the build: no "Rebuilt" line follows it.
    @Test func ctrlCStopsTheServerAtOnceEvenMidBuild() throws {
        let site = try TemporaryFolder()
        let body = String(repeating: "A line of *text* that makes the page a little [larger](#more). ", count: 400)
        for index in 0..<1000 {
            try site.write("content/posts/p\(index).md", "---\ntitle: Post \(index)\ndate: 2024-01-01\n---\n\(body)\n")
        }
        try site.write("site.yml", "title: Journal\n")
        let server = try ServeProcess(site: site.url)
        let rebuildsBefore = server.output.filter { $0.hasPrefix("Rebuilt in ") }.count
        // A new title empties the cache: the rebuild parses and renders all 1000 posts again.
        let ticks = server.cpuTicks
        try site.write("site.yml", "title: Renamed\n")
        // The rebuild of 1000 posts is under way once the server has used CPU since the save (a tenth of a
        // second of it); where that cannot be read, once it has had time to see the save.
        if let ticks {
            _ = waitUntil(timeout: 60) { (server.cpuTicks ?? Int.max) >= ticks + 10 }
        } else {
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect(server.interrupt() == 0)
        #expect(server.output.filter { $0.hasPrefix("Rebuilt in ") }.count == rebuildsBefore, "the rebuild was not waited for")
    }

    @Test func eventStreamsGetAHeartbeat() throws {
        let site = try makeSite()
        let server = try ServeProcess(site: site.url, arguments: ["--heartbeat", "1"])
        let events = try EventListener(port: server.port)
        #expect(waitUntil(timeout: 60) { events.announced.count >= 3 }, "the current build is announced again every second")
        #expect(Set(events.announced).count == 1, "a heartbeat repeats the build, so no page reloads")
        #expect(server.interrupt() == 0)
    }

    /// A page of another site whose name resolves to 127.0.0.1 (DNS rebinding) gets 403, not the preview and its
    /// drafts; loopback names on any port, the listening address and `--allow-host` names are answered.
    @Test func onlyKnownHostsAreAnswered() throws {
        let site = try makeSite()
        try site.write("site.yml", "title: Hosts\nbase_url: https://example.com/\nserve:\n  allowed_hosts: [journal.test]\n")
        let server = try ServeProcess(site: site.url, arguments: ["--allow-host", "preview.example"])
        defer { _ = server.interrupt() }
        let port = server.port
        for host in [
            "127.0.0.1:\(port)", "localhost:\(port)", "localhost", "LOCALHOST.:\(port)", "[::1]:\(port)", "[::1]",
            "preview.example:\(port)", "journal.test",
        ] {
            #expect(try httpGet(port: port, "/", host: host).status == 200, "\(host)")
        }
        #expect(try httpGet(port: port, "/", host: nil).status == 200, "HTTP/1.0 without Host")
        for host in ["rebind.attacker.example", "rebind.attacker.example:\(port)", "127.0.0.1.attacker.example", "localhost.evil"] {
            let refused = try httpGet(port: port, "/", host: host)
            #expect(refused.status == 403, "\(host)")
            #expect(refused.body.contains("--allow-host"))
            #expect(refused.headers["access-control-allow-origin"] == nil)
        }
        for path in ["/", "/__sitegen/events", "/missing/"] {
            #expect(try httpGet(port: port, path, host: "rebind.attacker.example").status == 403, "\(path)")
        }
        #expect(try httpGet(port: port, "/").headers["access-control-allow-origin"] == nil)
        #expect(
            waitUntil(timeout: 60) {
                server.errors.components(separatedBy: "refused a request for host rebind.attacker.example").count == 2
            },
            "one warning line per new host: \(server.errors)")
    }
}
