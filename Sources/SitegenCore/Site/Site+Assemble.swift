import Foundation
import SitegenMarkdown

extension Site {
    /// Builds the site model from its published documents and their rendered bodies.
    /// - Parameters:
    ///   - config: The site's settings.
    ///   - documents: Published content; every post has a date.
    ///   - rendered: The rendered body of each document, in the same order.
    ///   - madePosts: The post each post document makes, by index, when the caller has made it already (or
    ///     empty); the others are made here.
    ///   - staticFiles: Files copied as they are.
    ///   - relatedPosts: Each post's related posts (``RelatedPosts/compute(posts:)``), given the posts in order.
    /// - Returns: The site, with warnings about what it had to guess.
    static func assemble(
        config: SiteConfig, documents: [Document], rendered: [RenderedMarkdown], madePosts: [Post?] = [],
        staticFiles: [StaticFile], relatedPosts: ([Post]) -> [[Int]] = RelatedPosts.compute(posts:)
    ) -> (Site, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var posts: [Post] = []
        var pages: [Page] = []
        var projectDocuments: [(Document, RenderedMarkdown)] = []
        // The index in `documents` of each post's document, in the posts' order: a post's warnings find their
        // line there without a copy of every document.
        var postDocuments: [Int] = []

        for (index, (document, body)) in zip(documents, rendered).enumerated() {
            switch document.kind {
            case .post:
                postDocuments.append(index)
                posts.append((index < madePosts.count ? madePosts[index] : nil) ?? Post(document: document, body: body))
            case .page:
                let title = document.title ?? body.extractedTitle ?? readableTitle(fromFileName: document.slug)
                let summary = document.summary ?? derivedSummary(body)
                pages.append(
                    Page(
                        sourcePath: document.sourcePath, slug: document.slug, route: SiteBuilder.route(of: document), title: title,
                        summary: summary, html: body.html, toc: tableOfContents(body.headings),
                        wordCount: body.wordCount, readingMinutes: readingMinutes(words: body.wordCount),
                        weight: document.weight, layout: document.layout, params: document.params, modified: document.modified,
                        features: body.features))
            case .project:
                projectDocuments.append((document, body))
            }
        }
        // Newest first, then by path: the indices are sorted, so that a comparison copies no post and no string.
        let dates = posts.map { $0.date }
        let order = posts.indices.sorted { lhs, rhs in
            dates[lhs] != dates[rhs] ? dates[lhs] > dates[rhs] : posts[lhs].sourcePath < posts[rhs].sourcePath
        }
        posts = order.map { posts[$0] }
        postDocuments = order.map { postDocuments[$0] }
        pages.sort { ($0.weight ?? Int.max, $0.title.lowercased()) < ($1.weight ?? Int.max, $1.title.lowercased()) }

        // Tags: slugs normalise spellings; the oldest post's spelling names the tag.
        var tags: [Tag] = []
        var tagIndex: [String: Int] = [:]
        // Each spelling is made a slug once: a tag is named by many posts.
        var slugOfName: [String: String] = [:]
        for postIndex in posts.indices.reversed() {
            var seen: Set<String> = []
            var slugs: [String] = []
            for name in posts[postIndex].tags {
                let slug = slugOfName[name] ?? Slug.make(name)
                slugOfName[name] = slug
                guard !slug.isEmpty else {
                    let position = documents[postDocuments[postIndex]].position(of: "tags")
                    diagnostics.append(
                        .warning(
                            posts[postIndex].sourcePath, position.line, position.column,
                            "tag `\(name)` has no letters or digits and is left out"))
                    continue
                }
                guard seen.insert(slug).inserted else { continue }
                if slug.utf8.count > Limits.slugBytes {
                    let position = documents[postDocuments[postIndex]].position(of: "tags")
                    diagnostics.append(
                        .error(
                            posts[postIndex].sourcePath, position.line, position.column,
                            "tag `\(name.prefix(40))…` makes a URL segment of \(slug.utf8.count) bytes; keep tags under \(Limits.slugBytes)"
                        ))
                    continue
                }
                slugs.append(slug)
                if let index = tagIndex[slug] {
                    tags[index].posts.append(postIndex)
                } else {
                    tagIndex[slug] = tags.count
                    tags.append(Tag(slug: slug, name: name, route: .tag(slug), posts: [postIndex]))
                }
            }
            posts[postIndex].tags = slugs
        }
        for index in tags.indices { tags[index].posts.reverse() }
        let tagOrder = tags.indices.sorted { (tags[$0].name.lowercased(), tags[$0].slug) < (tags[$1].name.lowercased(), tags[$1].slug) }
        tags = tagOrder.map { tags[$0] }
        tagIndex = Dictionary(uniqueKeysWithValues: tags.enumerated().map { ($1.slug, $0) })

        // Projects: one per file, plus one generated for each slug that posts name without a file.
        var projects: [Project] = projectDocuments.map { document, body in
            Project(
                slug: document.slug, title: document.title ?? body.extractedTitle ?? readableTitle(fromFileName: document.slug),
                route: SiteBuilder.route(of: document), sourcePath: document.sourcePath,
                summary: document.summary ?? derivedSummary(body),
                status: document.status, repo: document.repo, tech: document.tech, started: document.started,
                finished: document.finished, html: body.html, toc: tableOfContents(body.headings),
                layout: document.layout, params: document.params, posts: [], isGenerated: false, features: body.features)
        }
        var projectIndex: [String: Int] = [:]
        for (index, project) in projects.enumerated() { projectIndex[project.slug] = index }
        for postIndex in posts.indices.reversed() {
            for slug in posts[postIndex].projects {
                if let index = projectIndex[slug] {
                    if projects[index].posts.last != postIndex { projects[index].posts.append(postIndex) }
                    continue
                }
                let document = documents[postDocuments[postIndex]]
                let position = document.positions["project"] ?? document.position(of: "projects")
                diagnostics.append(
                    .warning(
                        posts[postIndex].sourcePath, position.line, position.column,
                        "project `\(slug)` has no page; add content/projects/\(slug).md to describe it"))
                projectIndex[slug] = projects.count
                projects.append(
                    Project(
                        slug: slug, title: readableTitle(fromFileName: slug), route: .project(slug), sourcePath: nil,
                        summary: "", status: nil, repo: nil, tech: [], started: nil, finished: nil, html: "", toc: [],
                        layout: nil, params: [:], posts: [postIndex], isGenerated: true))
            }
        }
        let statusRank: [ProjectStatus?: Int] = [.active: 0, .planned: 1, nil: 2, .done: 3]
        projects.sort {
            (statusRank[$0.status] ?? 2, $0.title.lowercased()) < (statusRank[$1.status] ?? 2, $1.title.lowercased())
        }
        projectIndex = Dictionary(uniqueKeysWithValues: projects.enumerated().map { ($1.slug, $0) })

        // Archive: years and months, newest first.
        var archive: [ArchiveYear] = []
        for (index, post) in posts.enumerated() {
            let day = CalendarDate(post.date, in: config.timeZone)
            if archive.last?.year != day.year { archive.append(ArchiveYear(year: day.year, months: [])) }
            let yearIndex = archive.count - 1
            if archive[yearIndex].months.last?.month != day.month {
                archive[yearIndex].months.append(ArchiveMonth(year: day.year, month: day.month, posts: []))
            }
            archive[yearIndex].months[archive[yearIndex].months.count - 1].posts.append(index)
        }

        for (index, related) in relatedPosts(posts).enumerated() { posts[index].related = related }

        var site = Site(
            config: config, posts: posts, tags: tags, projects: projects, pages: pages, archive: archive,
            staticFiles: staticFiles, tagIndex: tagIndex, projectIndex: projectIndex)
        site.series = assembleSeries(
            posts: posts, config: config, document: { documents[postDocuments[$0]] }, diagnostics: &diagnostics)
        site.skills = Skill.all(in: site)
        return (site, diagnostics)
    }
}

extension Site {
    /// Every series named by a post or in site.yml, its posts by day then date; two posts on the same day of a
    /// series, or a day beyond the planned number, are warnings. `document` gives the document of the post at an
    /// index.
    static func assembleSeries(
        posts: [Post], config: SiteConfig, document: (Int) -> Document, diagnostics: inout [Diagnostic]
    ) -> [Series] {
        var members: [String: [Int]] = [:]
        var names: [String: String] = [:]
        for index in posts.indices.reversed() {
            guard let slug = posts[index].series else { continue }
            members[slug, default: []].append(index)
            if names[slug] == nil { names[slug] = document(index).seriesName }
        }
        var series: [Series] = []
        for slug in Set(members.keys).union(config.series.keys) {
            let settings = config.series[slug]
            let ordered = (members[slug] ?? []).sorted { lhs, rhs in
                (posts[lhs].day ?? Int.max, posts[lhs].date, posts[lhs].sourcePath) < (
                    posts[rhs].day ?? Int.max, posts[rhs].date, posts[rhs].sourcePath
                )
            }
            var seenDays: [Int: String] = [:]
            for index in ordered {
                guard let day = posts[index].day else { continue }
                let position = document(index).position(of: "day")
                if let other = seenDays[day] {
                    diagnostics.append(
                        .warning(posts[index].sourcePath, position.line, position.column, "day \(day) of series `\(slug)` is also \(other)")
                    )
                }
                seenDays[day] = posts[index].sourcePath
                if let days = settings?.days, day > days {
                    diagnostics.append(
                        .warning(
                            posts[index].sourcePath, position.line, position.column,
                            "day \(day) is beyond the \(days) days site.yml plans for series `\(slug)`"))
                }
            }
            series.append(
                Series(
                    slug: slug,
                    title: settings?.title ?? names[slug].flatMap { $0 == slug ? nil : $0 } ?? readableTitle(fromFileName: slug),
                    description: settings?.description ?? "", days: settings?.days, route: .series(slug), posts: ordered))
        }
        return series.sorted { ($0.title.lowercased(), $0.slug) < ($1.title.lowercased(), $1.slug) }
    }
}
