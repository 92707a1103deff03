import Foundation
import SitegenMarkdown

/// The files stage: the pages planned and, when not streamed, rendered; the static and machine files collected.
extension SiteBuilder {
    /// The jobs whose template exists, in the order of their pages in a ``PageStream``.
    func pagedJobs(_ jobs: [PageJob], _ pages: [String?]) -> [PageJob] {
        zip(jobs, pages).compactMap { job, page in page.map { _ in job } }
    }

    /// Every page filled with its template on every core; a page whose post's HTML cannot be read is an error.
    func renderPages(_ jobs: [PageJob], renderer: TemplateRenderer, work: inout BuildWork, diagnostics: inout [Diagnostic]) -> [String?] {
        work.renderedPages = jobs.map(\.route.path)
        return zip(jobs, renderer.renderAll(jobs)).map { job, result in
            switch result {
            case .success(let page): return page
            case .failure(let failure):
                diagnostics.append(.error(job.route.outputPath, 0, 0, failure.reason))
                return ""
            }
        }
    }

    /// The rendered pages and copied files as output files, and how many of each kind; a copied file that would
    /// replace a page is an error, blamed on the page's origin from `origins`. `machine` makes the machine files
    /// (``machineFiles(of:searchMemos:changedPosts:)``).
    /// With `streamsFeeds`, the feeds, the sitemap and `robots.txt` are not made here but returned as files to follow
    /// the pages (``PageStream/appending(_:changedPosts:)``), unless a copied file may take one of their paths; the
    /// search files among them are `searchFiles` when they were made already (``MachineFiles/writtenSearchFiles()``).
    /// With `shape`, the site's ``PageDependencies/shape``, the sitemap is made only when its fingerprint
    /// (``MachineFiles/sitemapFingerprint(shape:)``) changed.
    func collectFiles(
        jobs: [PageJob], pages: [String?], site: Site, redirects: [RedirectPage], origins: PageOrigins, machine: MachineFiles,
        defersMachineFiles: Bool, streamsFeeds: Bool = false, searchFiles: [PageStream.File]? = nil, shape: UInt64? = nil,
        diagnostics: inout [Diagnostic]
    ) -> (files: [OutputFile], counts: [(kind: String, count: Int)], feeds: [PageStream.File]) {
        var files: [OutputFile] = []
        files.reserveCapacity(jobs.count + site.staticFiles.count)
        var counts: [String: Int] = [:]
        // Every path taken so far; the file that took it is looked for only to report a collision.
        var taken = Set<String>(minimumCapacity: jobs.count + site.staticFiles.count)
        func earlier(_ path: String) -> OutputFile.Origin? { files.first { $0.path == path }?.origin }
        // Each page's origin, looked up on every core.
        let pageOrigins = jobs.parallelMap { origins.origin(of: $0.content) }
        for (index, (job, html)) in zip(jobs, pages).enumerated() {
            guard let html else {
                diagnostics.append(.error("templates/\(job.template).mustache", 0, 0, "template `\(job.template)` does not exist"))
                continue
            }
            let origin = pageOrigins[index]
            let path = job.route.outputPath
            if !taken.insert(path).inserted {
                let earlier = earlier(path)
                // Two pages at one path: a permalink that lands on another page or on one sitegen makes. The error
                // goes to a document's file, the one that can move.
                let (blamed, other) = origin == nil ? (earlier, origin) : (origin, earlier)
                let what = other.map { "the page made from \($0.path)" } ?? "a page sitegen makes"
                let place = blamed ?? OutputFile.Origin(path: "site.yml")
                diagnostics.append(
                    .error(
                        place.path, max(place.line, 1), 1,
                        "this page would be written to \(path), as \(what) is; give it another `permalink:` or `slug:`"))
                continue
            }
            files.append(OutputFile(path: path, text: html, origin: origin))
            counts[Self.countKey(job.content), default: 0] += 1
        }
        for redirect in redirects {
            if !taken.insert(redirect.from.outputPath).inserted {
                let what = earlier(redirect.from.outputPath).map { "the page made from \($0.path)" } ?? "a page sitegen makes"
                diagnostics.append(
                    .error(
                        redirect.origin.path, redirect.origin.line, 1,
                        "the old path \(redirect.from.path) is \(what); remove it from the aliases"))
                continue
            }
            files.append(OutputFile(path: redirect.from.outputPath, text: redirect.html(url: site.config.baseURL), origin: redirect.origin))
            counts["redirects", default: 0] += 1
        }
        // The preview server makes feeds and the search index when they are asked for, unless a copied file
        // may collide with one of them, which only making them tells.
        let mayCollide = Self.mayCollide(site)
        let defers = defersMachineFiles && !mayCollide
        let streams = streamsFeeds && !mayCollide
        var machineFiles: [OutputFile] = []
        if !defers, !streams {
            do throws(SpillFile.ReadFailure) {
                machineFiles = try machine.files(pages: jobs)
            } catch {
                diagnostics.append(.error(Route.feed.outputPath, 0, 0, error.reason))
            }
        }
        let firstStatic = files.count
        for file in site.staticFiles {
            let path = String(file.route.path.dropFirst())
            if !taken.insert(path).inserted {
                let what = earlier(path).map { "the page made from \($0.path)" } ?? "a generated page"
                diagnostics.append(.error(file.source, 0, 0, "this file would be written to \(path), as \(what) is; rename or move it"))
                continue
            }
            files.append(
                OutputFile(path: path, contents: file.contents, origin: OutputFile.Origin(path: file.source), identity: file.identity))
        }
        counts["files", default: 0] += site.staticFiles.count
        // A machine file goes where no page is. A copied file where one goes is an error, looked for among the copied
        // files only when a machine file's path is taken; a site's own robots.txt replaces sitegen's.
        for file in machineFiles {
            guard taken.contains(file.path) else {
                files.append(file)
                continue
            }
            guard file.path != Route.robots.outputPath,
                let copied = files[firstStatic...].firstIndex(where: { $0.path == file.path && $0.origin != nil })
            else { continue }
            let source = files[copied].origin?.path ?? file.path
            files.remove(at: copied)
            diagnostics.append(.error(source, 0, 0, "\(file.path) is a file sitegen makes for every site; rename or move this one"))
            files.append(file)
        }
        // A copied robots.txt replaces sitegen's.
        let feedMaker = machine
        let feeds =
            streams
            ? (searchFiles ?? machine.writtenSearchFiles())
                + feedMaker.singleFileParts.filter { !taken.contains(feedMaker.path(of: $0)) }.map { part in
                    let make = { @Sendable () throws(SpillFile.ReadFailure) in try feedMaker.bytes(of: part, pages: jobs) }
                    if part == .sitemap, let shape {
                        return PageStream.File(
                            path: feedMaker.path(of: part), fingerprint: feedMaker.sitemapFingerprint(shape: shape), make: make)
                    }
                    return PageStream.File(path: feedMaker.path(of: part), reads: feedMaker.reads(of: part), make: make)
                } : []
        // The split search index counts as one index, however many files it has.
        let searchParts = (machineFiles.map(\.path) + feeds.map(\.path)).count { $0.hasPrefix("search/") && $0.hasSuffix(".json") }
        if !defers { counts["feeds", default: 0] += machineFiles.count + feeds.count - max(0, searchParts - 1) }
        let order = ["home", "posts", "tags", "projects", "series", "skills", "archive", "pages", "404", "redirects", "feeds", "files"]
        return (files, order.compactMap { key in counts[key].map { (key, $0) } }, feeds)
    }

    /// Whether a copied file of `site` may take the path of a machine file.
    static func mayCollide(_ site: Site) -> Bool {
        site.staticFiles.contains { MachineFiles.mayWrite(String($0.route.path.dropFirst())) }
    }

    /// The maker of `site`'s machine files: with `searchMemos`, the posts' search shares and the search index an
    /// earlier build made, and `changedPosts`, the posts edited since, when known (``MachineFiles/changedPosts``).
    static func machineFiles(of site: Site, searchMemos: (shares: PartMemo, index: PartMemo)?, changedPosts: Set<Int>?) -> MachineFiles {
        var machine = MachineFiles(site: site)
        (machine.searchMemo, machine.searchIndexMemo) = (searchMemos?.shares, searchMemos?.index)
        machine.changedPosts = changedPosts
        return machine
    }

    static func countKey(_ content: PageContent) -> String {
        switch content {
        case .home: return "home"
        case .post: return "posts"
        case .tags, .tag: return "tags"
        case .projects, .project: return "projects"
        case .archive: return "archive"
        case .skills: return "skills"
        case .series, .seriesIndex: return "series"
        case .page, .search: return "pages"
        case .notFound: return "404"
        }
    }
}
