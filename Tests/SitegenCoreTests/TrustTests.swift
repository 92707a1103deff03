import Foundation
import Testing

@testable import SitegenCore

/// Hostile and careless input: each test plants one fault and fails if the protection against it is removed.
@Suite struct TrustTests {
    /// A site folder on disk, removed by the caller.
    private func siteFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-trust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("content/posts"), withIntermediateDirectories: true)
        try post("Kept", date: "2025-01-01").write(
            to: url.appendingPathComponent("content/posts/kept.md"), atomically: true, encoding: .utf8)
        return url
    }

    // MARK: sitegen deletes only what it wrote

    @Test func anOutputFolderThatIsNotSitegensIsRefusedBeforeAnythingIsTouched() throws {
        let root = try siteFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let elsewhere = root.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try "mine".write(to: elsewhere.appendingPathComponent("todo.txt"), atomically: true, encoding: .utf8)
        try "x".write(to: root.appendingPathComponent("file.txt"), atomically: true, encoding: .utf8)
        for output in ["content", "templates", "content/public", "content/posts/new", "notes", "file.txt", "site.yml"] {
            let result = SiteBuilder(options: testOptions()).buildAndWrite(source: root, output: root.appendingPathComponent(output))
            #expect(!result.succeeded, "--output \(output) is refused")
            #expect(result.diagnostics.count == 1)
        }
        #expect(try String(contentsOf: elsewhere.appendingPathComponent("todo.txt"), encoding: .utf8) == "mine")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("content/posts/kept.md").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("content/public").path))
    }

    @Test func sitegensOwnOutputOldOrNewAndEmptyFoldersAreReplaced() throws {
        let root = try siteFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try "".write(to: output.appendingPathComponent(".gitkeep"), atomically: true, encoding: .utf8)
        #expect(SiteBuilder(options: testOptions()).buildAndWrite(source: root, output: output).succeeded, "hidden entries only")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(OutputWriter.manifestName).path))
        #expect(SiteBuilder(options: testOptions()).buildAndWrite(source: root, output: output).succeeded, "with a manifest")
        // Output written before the manifest existed is recognised by its generator tag.
        try FileManager.default.removeItem(at: output.appendingPathComponent(OutputWriter.manifestName))
        #expect(OutputWriter.ownership(ofFolder: output.path) == .sitegens)
        try FileManager.default.removeItem(at: output.appendingPathComponent("index.html"))
        try FileManager.default.removeItem(at: output.appendingPathComponent("404.html"))
        #expect(OutputWriter.ownership(ofFolder: output.path) == .someoneElses)
    }

    @Test func stagingFoldersOfDeadBuildsAreRemovedAndThoseOfLiveOnesKept() throws {
        let root = try siteFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let deadFolder = root.appendingPathComponent(".public.staging-\(dead.processIdentifier)")
        let liveFolder = root.appendingPathComponent(".public.staging-1")
        let halfRemoved = root.appendingPathComponent(".public.staging-\(dead.processIdentifier).removing")
        let unrelated = root.appendingPathComponent(".public.staging-notes")
        for folder in [deadFolder, halfRemoved, liveFolder, unrelated] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        #expect(SiteBuilder(options: testOptions()).buildAndWrite(source: root, output: root.appendingPathComponent("public")).succeeded)
        #expect(!FileManager.default.fileExists(atPath: deadFolder.path))
        #expect(!FileManager.default.fileExists(atPath: halfRemoved.path), "an interrupted removal is finished")
        #expect(FileManager.default.fileExists(atPath: liveFolder.path), "PID 1 is alive")
        #expect(FileManager.default.fileExists(atPath: unrelated.path))
    }

    // MARK: the site is a closed world

    @Test func linksOutOfTheSiteAreNotFollowedAndLinksInsideAreFollowedOnce() throws {
        let root = try siteFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        try post("Secret", date: "2025-01-02").write(to: outside.appendingPathComponent("secret.md"), atomically: true, encoding: .utf8)
        let manager = FileManager.default
        let posts = root.appendingPathComponent("content/posts")
        try manager.createSymbolicLink(
            at: posts.appendingPathComponent("secret.md"), withDestinationURL: outside.appendingPathComponent("secret.md"))
        try manager.createSymbolicLink(at: root.appendingPathComponent("content/outside"), withDestinationURL: outside)
        try manager.createSymbolicLink(at: root.appendingPathComponent("templates"), withDestinationURL: outside)
        try manager.createSymbolicLink(at: posts.appendingPathComponent("loop"), withDestinationURL: posts)
        try manager.createSymbolicLink(
            at: posts.appendingPathComponent("alias.md"), withDestinationURL: posts.appendingPathComponent("kept.md"))
        let (source, diagnostics) = ContentLoader(root: root).load()
        #expect(source.markdown.map(\.path) == ["content/posts/alias.md", "content/posts/kept.md"])
        #expect(source.templates.isEmpty && source.assets.isEmpty)
        let warned = Set(diagnostics.filter { $0.severity == .warning }.map(\.path))
        #expect(warned == ["content/posts/secret.md", "content/outside", "templates", "content/posts/loop"])
        #expect(!diagnostics.containsErrors)
    }

    @Test func specialFilesUnreadableNamesAndFoldersAreErrorsNeverSilentlySkipped() throws {
        let root = try siteFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let posts = root.appendingPathComponent("content/posts")
        #expect(mkfifo(posts.appendingPathComponent("pipe.md").path, 0o644) == 0)
        let bytes = Array(posts.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".md".utf8) + [0]
        let made = bytes.withUnsafeBufferPointer { pointer in
            pointer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        #expect(made >= 0)
        close(made)
        let (_, diagnostics) = ContentLoader(root: root).load()
        let errors = diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors.contains { $0.hasPrefix("content/posts/caf\\xE9.md:") && $0.contains("not valid UTF-8") })
        #expect(errors.contains { $0.hasPrefix("content/posts/pipe.md:") && $0.contains("FIFO") })
        #expect(!errors.contains { $0.contains("Success") })
    }

    /// A folder of many names has them looked at on every core; what the walk finds and refuses is the same.
    @Test func aBigFolderIsWalkedInOrderWithItsLinksAndSpecialFilesTreatedAsInASmallOne() throws {
        let root = try siteFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let posts = root.appendingPathComponent("content/posts")
        let names = (0..<150).map { String(format: "p%03d.md", $0) }
        for name in names.reversed() {
            try post(name, date: "2025-01-02").write(to: posts.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try FileManager.default.createSymbolicLink(
            at: posts.appendingPathComponent("alias.md"), withDestinationURL: posts.appendingPathComponent("p007.md"))
        try FileManager.default.createSymbolicLink(at: posts.appendingPathComponent("loop"), withDestinationURL: posts)
        #expect(mkfifo(posts.appendingPathComponent("pipe.md").path, 0o644) == 0)
        let (source, diagnostics) = ContentLoader(root: root).load()
        #expect(source.markdown.map(\.path) == (["alias.md", "kept.md"] + names).map { "content/posts/" + $0 })
        #expect(source.markdown.first?.text == source.markdown.first { $0.path.hasSuffix("p007.md") }?.text)
        #expect(diagnostics.filter { $0.severity == .warning }.map(\.path) == ["content/posts/loop"])
        #expect(diagnostics.filter { $0.severity == .error }.map(\.path) == ["content/posts/pipe.md"])
    }

    /// Text pasted from a terminal carries controls; one of them would make every feed ill-formed XML.
    @Test func charactersNoFeedOrPageMayHoldAreDroppedWithAWarningAtTheFirst() throws {
        let root = try siteFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let codePoints: [UInt32] = [0x01, 0x1F, 0x7F, 0x85, 0xFDD0, 0xFFFE, 0xFFFF, 0x1FFFF]
        let forbidden = String(String.UnicodeScalarView(codePoints.compactMap(Unicode.Scalar.init)))
        let text = "---\ntitle: \"Tab\tand é\(forbidden)\"\n---\nBody\u{0B} ]]> & 👩‍💻\r\n"
        try text.write(to: root.appendingPathComponent("content/posts/pasted.md"), atomically: true, encoding: .utf8)
        try "title: \"Site\u{02}\"\n".write(to: root.appendingPathComponent("site.yml"), atomically: true, encoding: .utf8)
        let (source, diagnostics) = ContentLoader(root: root).load()
        #expect(source.markdown.first { $0.path.hasSuffix("pasted.md") }?.text == "---\ntitle: \"Tab\tand é\"\n---\nBody ]]> & 👩‍💻\r\n")
        #expect(source.config?.text == "title: \"Site\"\n")
        try "Cafe\u{301} and 한국어".write(to: root.appendingPathComponent("content/nfd.md"), atomically: true, encoding: .utf8)
        let nfd = ContentLoader(root: root).load().0.markdown.first { $0.path == "content/nfd.md" }
        #expect(nfd.map { Array($0.text.utf8) } == Array("Caf\u{E9} and 한국어".utf8), "decomposed text is composed (NFC)")
        #expect(
            diagnostics.map(\.description).contains(
                "content/posts/pasted.md:2:18: warning: character U+0001 and 8 more like it left out (a control character "
                    + "or noncharacter, which feeds and pages cannot hold); delete them from the file"), "\(diagnostics)")
        #expect(diagnostics.contains { $0.path == "site.yml" && $0.line == 1 && $0.column == 13 })
        #expect(TextCharacters.droppingForbidden(Array("plain text\twith é, 👩‍💻 and \u{FFFD}\r\n".utf8)[...]) == nil)
    }

    /// Forbidden characters anywhere (inside or across the eight-byte runs the scan checks at once, first or
    /// last) are all dropped and nothing else is.
    @Test(arguments: [1, 2, 3, 4] as [UInt64]) func everyForbiddenCharacterIsDroppedWherever(seed: UInt64) {
        var random = SplitMix(state: seed)
        let allowed = ["a", "plain words ", "\n", "\t", "\r\n", "é", "👩‍💻", "\u{FFFD}", "\u{FDCF}", "\u{A0}", "~"]
        let forbidden = [0x01, 0x7F, 0x85, 0x9F, 0xFDD0, 0xFDEF, 0xFFFE, 0x1FFFF, 0x10FFFF].compactMap {
            Unicode.Scalar($0).map(String.init)
        }
        #expect(forbidden.count == 9)
        for _ in 0..<200 {
            var text = ""
            var kept = ""
            var dropped = 0
            for _ in 0..<Int(random.next() % 40) {
                if random.next() % 5 == 0 {
                    text += forbidden[Int(random.next() % UInt64(forbidden.count))]
                    dropped += 1
                } else {
                    let piece = allowed[Int(random.next() % UInt64(allowed.count))]
                    text += piece
                    kept += piece
                }
            }
            let result = TextCharacters.droppingForbidden(Array(text.utf8)[...])
            #expect((result?.count ?? 0) == dropped, "\(Array(text.unicodeScalars))")
            #expect(result.map { $0.bytes } ?? Array(text.utf8) == Array(kept.utf8))
        }
    }

    // MARK: no input makes the build crash or cost without bound

    @Test func aTemplateThatIncludesItselfIsAnErrorNamingTheCycle() {
        for templates in [
            [
                "templates/partials/post-card.mustache": "{{> partials/a}}",
                "templates/partials/a.mustache": "{{#title}}{{> partials/b}}{{/title}}",
                "templates/partials/b.mustache": "{{> partials/a}}",
            ],
            ["templates/base.mustache": "{{< base}}{{$content}}x{{/content}}{{/base}}"],
            // Twice per level would be 2^32 renders without the page's budget of partials.
            ["templates/partials/post-card.mustache": "{{> partials/post-card}}{{> partials/post-card}}"],
        ] {
            var files = templates
            files["content/posts/a.md"] = post("A", date: "2025-01-01")
            let result = SiteBuilder(options: testOptions()).build(makeSource(files))
            #expect(!result.succeeded)
            #expect(result.messages.contains { $0.contains("more than \(Limits.templateDepth) levels deep") && $0.contains(" → ") })
        }
    }

    @Test func partialsThatMultiplyWithoutACycleStopAtThePagesBudget() {
        // Each of 21 partials includes the next twice: 2^21 renders, past the budget of a million, with no cycle.
        var files = ["content/posts/a.md": post("A", date: "2025-01-01")]
        files["templates/partials/post-card.mustache"] = "{{> partials/n0}}"
        for level in 0..<21 { files["templates/partials/n\(level).mustache"] = "{{> partials/n\(level + 1)}}{{> partials/n\(level + 1)}}" }
        files["templates/partials/n21.mustache"] = "x"
        let result = SiteBuilder(options: testOptions()).build(makeSource(files))
        #expect(!result.succeeded)
        #expect(result.messages.contains { $0.contains("renders more than \(Limits.partialsPerPage) partials") })
    }

    @Test func aYAMLAliasBombDeepNestingAndComplexKeysAreRefused() {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
            previous = name
        }
        let cases = [
            bomb,
            "x: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n",
            "a: &a [1, 2]\nz: {*a: 1}\n",
            "title: x\nbig: \"" + String(repeating: "y", count: Limits.frontMatterBytes) + "\"\n",
        ]
        for yaml in cases {
            let (block, problems) = YAMLBlock.parse(yaml, path: "content/posts/a.md", firstLine: 2)
            #expect(block == nil)
            #expect(problems.count == 1 && problems[0].line == 2)
        }
        let (ordinary, none) = YAMLBlock.parse("title: C# and don't [stop]\ntags: [a, b]\nx: &x 1\ny: *x\n", path: "p", firstLine: 2)
        #expect(ordinary != nil && none.isEmpty)
    }

    @Test func numbersThatDriveWorkAreRangeChecked() {
        let result = SiteBuilder(options: testOptions()).build(
            makeSource([
                "site.yml": "paginate: 100000000\nseries:\n  s:\n    days: 10000000\n",
                "content/posts/a.md": post("A", date: "2025-01-01", extra: "series: s\nday: 10000000\n"),
            ]))
        #expect(result.messages.contains { $0.hasPrefix("site.yml:1:1: error: `paginate`") })
        #expect(result.messages.contains { $0.hasPrefix("site.yml:") && $0.contains("series.s.days") })
        #expect(result.messages.contains { $0.hasPrefix("content/posts/a.md:5:1: error: `day`") })
    }

    @Test func tagPagesStayLinearInTheNumberOfTags() {
        let many = (0..<(Limits.tagsPerPost + 1)).map { "t\($0)" }.joined(separator: ", ")
        let refused = SiteBuilder(options: testOptions()).build(
            makeSource(["content/posts/a.md": post("A", date: "2025-01-01", extra: "tags: [\(many)]\n")]))
        #expect(refused.messages.contains { $0.hasPrefix("content/posts/a.md:4:1: error: \(Limits.tagsPerPost + 1) tags") })
        let allowed = (0..<Limits.tagsPerPost).map { "t\($0)" }.joined(separator: ", ")
        let built = SiteBuilder(options: testOptions()).build(
            makeSource(["content/posts/a.md": post("A", date: "2025-01-01", extra: "tags: [\(allowed)]\n")]))
        let tagBytes = built.files.filter { $0.path.hasPrefix("tags/t") }.reduce(0) { total, file in
            guard case .bytes(let bytes) = file.contents else { return total }
            return total + bytes.count
        }
        // Each of the 100 tag pages shows the post's 100 tags once: far below 100 × the work of one tag each.
        #expect(tagBytes < Limits.tagsPerPost * 60_000)
    }

    @Test func markdownThatCmarkWouldPayQuadraticallyForIsAnError() {
        let wideTable =
            String(repeating: "|a", count: 2_000) + "|\n" + String(repeating: "|-", count: 2_000) + "|\n"
            + String(repeating: "|\n", count: 2_000)
        let openers = String(repeating: "![[]()", count: 50_000)
        for body in [wideTable, openers] {
            let result = SiteBuilder(options: testOptions()).build(
                makeSource(["content/posts/a.md": post("A", date: "2025-01-01", body: "Intro.\n\n" + body)]))
            #expect(!result.succeeded)
            #expect(result.messages.contains { $0.hasPrefix("content/posts/a.md:8:1: error:") })
        }
        let table = "| a | b |\n|---|:-:|\n" + String(repeating: "| 1 | 2 |\n", count: 500)
        #expect(
            SiteBuilder(options: testOptions()).build(makeSource(["content/posts/a.md": post("A", date: "2025-01-01", body: table)]))
                .succeeded)
    }

    // MARK: every failure names its source; one name, one tag

    @Test func longSlugsAndTagsAreErrorsAtTheirLine() {
        let long = String(repeating: "word-", count: 60)
        let slugResult = SiteBuilder(options: testOptions()).build(
            makeSource(["content/posts/a.md": post("A", date: "2025-01-01", extra: "slug: \(long)\n")]))
        #expect(slugResult.messages.contains { $0.hasPrefix("content/posts/a.md:4:1: error: the URL segment") })
        let tagResult = SiteBuilder(options: testOptions()).build(
            makeSource(["content/posts/b.md": post("B", date: "2025-01-01", extra: "tags: [\(long)]\n")]))
        #expect(tagResult.messages.contains { $0.hasPrefix("content/posts/b.md:4:1: error: tag") })
    }

    @Test func twoSourcesForOneOutputFileAreAnErrorNamingBoth() {
        let source = makeSource(
            ["content/posts/hello.md": post("Hello", date: "2025-01-01", extra: "slug: hello\n")],
            assets: ["content/posts/hello/index.html", "content/feed.xml", "content/robots.txt"])
        let result = SiteBuilder(options: testOptions()).build(source)
        #expect(
            result.messages.contains(
                "content/posts/hello/index.html:1:1: error: this file would be written to posts/hello/index.html, as the page made from content/posts/hello.md is; rename or move it"
            ))
        #expect(
            result.messages.contains(
                "content/feed.xml:1:1: error: feed.xml is a file sitegen makes for every site; rename or move this one"))
        #expect(
            result.diagnostics.count { $0.severity == .error } == 2, "a robots.txt of the site's own replaces the generated one")
    }

    @Test func everyPageKnowsTheSourceLineItsPathComesFrom() {
        let source = makeSource([
            "content/posts/a.md": post("A", date: "2025-01-01", extra: "slug: first\ntags: [swift]\nseries: learning\n"),
            "content/posts/b.md": post("B", date: "2025-02-01", extra: "tags: [swift]\n"),
            "content/pages/about.md": post("About", date: "2025-01-01"),
        ])
        let result = SiteBuilder(options: testOptions()).build(source)
        let origins = Dictionary(uniqueKeysWithValues: result.files.map { ($0.path, $0.origin) })
        #expect(origins["posts/first/index.html"] == OutputFile.Origin(path: "content/posts/a.md", line: 4))
        #expect(origins["posts/b/index.html"] == OutputFile.Origin(path: "content/posts/b.md"))
        #expect(origins["tags/swift/index.html"] == OutputFile.Origin(path: "content/posts/a.md", line: 5), "the oldest post")
        #expect(origins["series/learning/index.html"] == OutputFile.Origin(path: "content/posts/a.md", line: 6))
        #expect(origins["about/index.html"] == OutputFile.Origin(path: "content/pages/about.md"))
        #expect(origins["feed.xml"] == .some(nil))
    }

    @Test func aFileTheSystemCannotWriteIsBlamedOnItsSourceLine() throws {
        let root = try siteFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("public")
        let tooLong = String(repeating: "x", count: 300)
        let writer = OutputWriter(output: output)
        let file = #expect(throws: OutputWriter.Failure.self) {
            try writer.write([OutputFile(path: "\(tooLong).html", text: "<p>", origin: OutputFile.Origin(path: "content/x.md"))])
        }
        #expect(file?.description == "content/x.md:1:1: error: cannot write public/\(tooLong).html: File name too long")
        let folder = #expect(throws: OutputWriter.Failure.self) {
            try writer.write([
                OutputFile(path: "tags/\(tooLong)/index.html", text: "<p>", origin: OutputFile.Origin(path: "content/posts/a.md", line: 5))
            ])
        }
        #expect(folder?.description == "content/posts/a.md:5:1: error: cannot write public/tags/\(tooLong)/: File name too long")
        #expect(!FileManager.default.fileExists(atPath: output.path), "nothing is left behind")
    }

    @Test func theThemesFilesAreFingerprintedSoHostsMayCacheThemForGood() throws {
        let builtIn = SiteBuilder(options: testOptions()).build(makeSource(["content/posts/a.md": post("A", date: "2025-01-01")]))
        let route = Theme.builtInAssetRoute("style.css")
        let style = try #require(builtIn.text("assets/style.css"))
        #expect(route.path == "/assets/hashed/style.\(ContentHash.hex(Array(style.utf8))).css")
        #expect(builtIn.text(route.outputPath) == style, "the copy has the same bytes")
        #expect(builtIn.text("index.html")?.contains("href=\"\(route.path)\"") == true)

        var source = makeSource(["content/posts/a.md": post("A", date: "2025-01-01")])
        source.themeAssets = [AssetFile(path: "templates/assets/style.css", contents: .bytes(Array("body { color: red }".utf8)))]
        let own = SiteBuilder(options: testOptions()).build(source)
        let ownRoute = "/assets/hashed/style.\(ContentHash.hex(Array("body { color: red }".utf8))).css"
        #expect(own.text(String(ownRoute.dropFirst())) == "body { color: red }")
        #expect(own.text("index.html")?.contains("href=\"\(ownRoute)\"") == true, "a new stylesheet is a new URL")
    }

    @Test func tagsThatDifferOnlyInNormalizationOrCaseAreOneTag() {
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        #expect(Slug.make(composed) == Slug.make(decomposed))
        #expect(Slug.make("CAF\u{C9}") == Slug.make(composed))
        let source = makeSource([
            "content/posts/a.md": post("A", date: "2025-01-01", extra: "tags: [\(composed)]\n"),
            "content/posts/b.md": post("B", date: "2025-01-02", extra: "tags: [\(decomposed)]\n"),
        ])
        let result = SiteBuilder(options: testOptions()).build(source)
        #expect(result.site?.tags.count == 1)
        let warnings = SiteChecker(options: testOptions()).check(source).map(\.description)
        #expect(warnings.contains { $0.hasPrefix("content/posts/b.md:4:1: warning: tag `\(decomposed)` is another spelling") })
    }
}
