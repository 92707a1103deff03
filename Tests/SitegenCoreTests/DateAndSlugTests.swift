import Foundation
import Testing

@testable import SitegenCore

@Suite struct DateParserTests {
    let utc = DateParser(timeZone: TimeZone(identifier: "UTC")!)
    let berlin = DateParser(timeZone: TimeZone(identifier: "Europe/Berlin")!)

    @Test(arguments: [
        ("2025-03-13", 1_741_824_000.0),
        ("2025-03-13 10:30", 1_741_861_800),
        ("2025-03-13T10:30:15", 1_741_861_815),
        ("2025-03-13T10:30:15Z", 1_741_861_815),
        ("2025-03-13T10:30:15.250+02:00", 1_741_854_615),
        ("2025-03-13 10:30:00 +0100", 1_741_858_200),
        ("  2025-03-13  ", 1_741_824_000),
        // What Jekyll accepts: one-digit hours, months and days, a zone after a space, UTC by name.
        ("2025-03-13 9:05:00", 1_741_856_700),
        ("2025-3-5", 1_741_132_800),
        ("2025-03-13 9:05:00 -0500", 1_741_874_700),
        ("2025-03-13 09:05:00 UTC", 1_741_856_700),
        // English month names, as Jekyll blogs write `updated:`.
        ("March 13, 2025", 1_741_824_000),
        ("Mar 13 2025", 1_741_824_000),
        ("13 March 2025", 1_741_824_000),
        ("Sept. 5, 2025 10:30", 1_757_068_200),
    ])
    func readsEveryAcceptedForm(text: String, seconds: Double) {
        #expect(utc.parse(text)?.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: [
        "2025-02-30", "2025-13-01", "13/03/2025", "2025-03-13 25:00", "yesterday", "2025-03-13x", "2025-003-13",
        "2025-03-13 9:5", "2025-03-13 10:30 UTCX", "February 30, 2025", "Ma 13, 2025", "March, 2025", "13 Marchx 2025",
    ])
    func rejectsImpossibleOrUnknownDates(text: String) {
        #expect(utc.parse(text) == nil)
    }

    @Test func datesWithoutZoneUseTheSiteZoneIncludingSummerTime() {
        #expect(berlin.parse("2025-01-15 12:00")?.timeIntervalSince1970 == 1_736_938_800)  // UTC+1
        #expect(berlin.parse("2025-07-15 12:00")?.timeIntervalSince1970 == 1_752_573_600)  // UTC+2
    }

    @Test func fileNamePrefix() {
        #expect(utc.parseFileNamePrefix("2024-02-29-leap.md")?.timeIntervalSince1970 == 1_709_164_800)
        #expect(utc.parseFileNamePrefix("2024-02-29.md") == nil)
        #expect(utc.parseFileNamePrefix("notes.md") == nil)
        // Jekyll also takes one-digit months and days (jekyll-now's `2014-3-3-Hello-World.md`).
        #expect(utc.fileNamePrefix("2014-3-3-Hello-World.md")?.date.timeIntervalSince1970 == 1_393_804_800)
        #expect(utc.fileNamePrefix("2014-3-3-Hello-World.md")?.length == 9)
        #expect(utc.fileNamePrefix("2014-03-3-x.md")?.length == 10)
        #expect(utc.fileNamePrefix("2014-3-3-") == nil)
        #expect(utc.fileNamePrefix("2014-33-3-x.md") == nil)
    }

    @Test func calendarDateFormatsInTheSiteZone() {
        let date = Date(timeIntervalSince1970: 1_741_861_815)  // 2025-03-13T10:30:15Z
        let tokyo = CalendarDate(date, in: TimeZone(identifier: "Asia/Tokyo")!)
        #expect(tokyo.iso8601 == "2025-03-13T19:30:15+09:00")
        #expect(tokyo.display == "March 13, 2025")
        #expect(CalendarDate(date, in: TimeZone(identifier: "UTC")!).iso8601 == "2025-03-13T10:30:15Z")
        let newYork = CalendarDate(Date(timeIntervalSince1970: 1_735_700_000), in: TimeZone(identifier: "America/New_York")!)
        #expect(newYork.isoDay == "2024-12-31")
    }

    @Test func calendarDateFormatsAgreeWithFoundationsFormatter() throws {
        var generator = SystemRandomNumberGenerator()
        for identifier in ["UTC", "Asia/Tokyo", "America/St_Johns", "Asia/Kathmandu", "Pacific/Pago_Pago"] {
            let zone = try #require(TimeZone(identifier: identifier))
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = zone
            // From 1970 (before, zones kept local mean times with seconds in their offsets) to 2999, both sides of every
            // offset, summer times included.
            for _ in 0..<500 {
                let date = Date(timeIntervalSince1970: Double(Int64.random(in: 0...32_503_680_000, using: &generator)))
                let calendarDate = CalendarDate(date, in: zone)
                #expect(calendarDate.iso8601 == formatter.string(from: date), "\(date) in \(identifier)")
                #expect(calendarDate.isoDay == String(formatter.string(from: date).prefix(10)))
            }
        }
        let lastSecondOf999 = CalendarDate(Date(timeIntervalSince1970: -30_610_224_002), in: TimeZone(identifier: "UTC")!)
        #expect(lastSecondOf999.iso8601 == "0999-12-31T23:59:58Z", "years before 1000 are padded to four digits")
        let farFuture = CalendarDate(Date(timeIntervalSince1970: 300_000_000_000), in: TimeZone(identifier: "UTC")!)
        #expect(farFuture.isoDay == "11476-08-15", "five-digit years are written whole")
    }
}

@Suite struct SlugTests {
    @Test func normalisesSpellings() {
        #expect(Slug.make("CI/CD") == "ci-cd")
        #expect(Slug.make("ci-cd") == "ci-cd")
        #expect(Slug.make("  Hello, World!  ") == "hello-world")
        #expect(Slug.make("C++") == "c-plus-plus")
        #expect(Slug.make("C#") == "c-sharp")
        #expect(Slug.make("Q&A") == "q-and-a")
        #expect(Slug.make("Don't panic") == "dont-panic")
        #expect(Slug.make("Ünïcode Straße") == "ünïcode-straße")
        #expect(Slug.make("🚀") == "")
    }

    @Test func safeSegments() {
        #expect(Slug.isSafeSegment("my-post"))
        for unsafe in ["../../etc", "a/b", "..", ".hidden", "a\\b", ""] {
            #expect(!Slug.isSafeSegment(unsafe))
        }
    }
}

@Suite struct SiteURLTests {
    @Test func basePathPrefixesEveryRoute() throws {
        let url = try SiteURL.parse("https://user.github.io/journey").get()
        #expect(url.origin == "https://user.github.io")
        #expect(url.basePath == "/journey/")
        #expect(url.path(Route.tag("swift").path) == "/journey/tags/swift/")
        #expect(url.absolute(Route.home.path) == "https://user.github.io/journey/")
        #expect(try SiteURL.parse("/docs/").get().path("/about/") == "/docs/about/")
        #expect(try SiteURL.parse("https://example.com").get().path("/a/") == "/a/")
    }

    @Test func rejectsURLsWithoutHostOrWithDotSegments() {
        #expect((try? SiteURL.parse("https:///x").get()) == nil)
        #expect((try? SiteURL.parse("https://h/../x").get()) == nil)
        #expect((try? SiteURL.parse("example.com").get()) == nil)
    }

    @Test func routesMapToOutputFiles() {
        #expect(Route.home.outputPath == "index.html")
        #expect(Route.home.page(2).outputPath == "page/2/index.html")
        #expect(Route.tag("go").page(3).path == "/tags/go/page/3/")
        #expect(Route.post("x").outputPath == "posts/x/index.html")
        #expect(Route.notFound.outputPath == "404.html")
    }

    @Test func outputPathsStayInsideTheOutputFolder() {
        #expect(OutputFile.isContained("posts/x/index.html"))
        for bad in ["../x", "/etc/passwd", "a/../../b", "a//b", "a\\..\\b", "", ".", "..", "a/.", "a/./b", "a/", "a\u{0}b"] {
            #expect(!OutputFile.isContained(bad), "\(bad)")
        }
        for good in ["...", "a/.well-known/x", "a/..b", "b../c", ".hidden"] {
            #expect(OutputFile.isContained(good), "\(good)")
        }
    }
}

@Suite struct SummaryTests {
    @Test func cutsAtAWordBoundaryNearTheLimit() {
        let text = String(repeating: "word ", count: 100)
        let summary = summaryText(text)
        #expect(summary.hasSuffix("word…"))
        #expect(summary.count <= 201)
        #expect(summary.count > 180)
        #expect(summaryText("Short   text\nhere.") == "Short text here.")
    }

    @Test func readingTimeIsAtLeastAMinute() {
        #expect(readingMinutes(words: 10) == 1)
        #expect(readingMinutes(words: 1100) == 5)
    }

    /// git is started only where it may find a repository: a `.git` folder or file in the site's folder or above.
    @Test func gitIsStartedOnlyWhereARepositoryMayBe() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-git-\(UUID().uuidString)")
        let site = root.appendingPathComponent("sites/journal")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        // The temporary folder is in no repository.
        #expect(!GitHistory.mayBeInRepository(site.path))
        #expect(GitHistory.head(root: site.path) == nil)
        #expect(GitHistory.lastCommitDates(root: site.path).isEmpty)
        // A worktree's `.git` is a file.
        FileManager.default.createFile(atPath: root.appendingPathComponent("sites/.git").path, contents: Data("gitdir: x\n".utf8))
        #expect(GitHistory.mayBeInRepository(site.path))
        try FileManager.default.removeItem(at: root.appendingPathComponent("sites/.git"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        #expect(GitHistory.mayBeInRepository(site.path), "a repository two folders up")
        #expect(GitHistory.mayBeInRepository(site.path + "/../journal/."), "the same folder, spelled otherwise")
    }

    @Test func gitLogOutputGivesEachPathItsNewestCommit() {
        let output = "\u{1}1700000000\n\ncontent/posts/a.md\n\n\u{1}1600000000\n\ncontent/posts/a.md\ncontent/posts/b.md\n"
        let dates = GitHistory.parse(Array(output.utf8))
        #expect(dates["content/posts/a.md"]?.timeIntervalSince1970 == 1_700_000_000)
        #expect(dates["content/posts/b.md"]?.timeIntervalSince1970 == 1_600_000_000)
    }
}
