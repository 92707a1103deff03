import Foundation
import SitegenMarkdown

/// Fills templates with the site's values: builds each page's context from the ``Site`` and renders it.
/// Values shared by many pages (post cards, tag and project links) are built once.
public struct TemplateRenderer: Sendable {
    private(set) var site: Site
    let theme: Theme
    let url: SiteURL
    /// Site-wide values: `site.*`.
    let siteValue: TemplateValue
    /// One card per post, as lists show it.
    private(set) var postCards: [TemplateValue]
    /// One link object per tag.
    let tagLinks: [TemplateValue]
    /// One link object per project.
    let projectLinks: [TemplateValue]
    /// Each post's card as filled, by post URL path, for the next build to reuse.
    private(set) var cards: [String: FilledCard]
    /// How many cards were rendered rather than reused.
    private(set) var renderedCardCount: Int
    /// For each post in a series: the series' index and the post's place in it.
    let seriesPlaces: [Int: (series: Int, position: Int)]
    /// The activity heatmap and the project timeline, drawn once.
    let heatmapSVG: String
    /// The archive's calendar of each year, by year.
    let yearHeatmaps: [Int: String]
    let timelineSVG: String
    /// When the site is built, for projects still running.
    let now: Date

    /// The generator's name and version, for `site.generator`.
    public static let generator = "sitegen \(SitegenVersion.current)"

    /// Prepares the shared values for `site`, reusing the cards of `previousCards` whose values are unchanged;
    /// they are reused only if they were filled with the same `site.*` values, `previousSite`.
    init(
        site: Site, theme: Theme, now: Date = Date(), previousCards: [String: FilledCard] = [:],
        previousSite: TemplateValue? = nil
    ) {
        self.site = site
        self.theme = theme
        var places: [Int: (series: Int, position: Int)] = [:]
        for (seriesIndex, series) in site.series.enumerated() {
            for (position, post) in series.posts.enumerated() { places[post] = (seriesIndex, position) }
        }
        seriesPlaces = places
        self.now = now
        let dayCounts = ActivityHeatmap.counts(of: site.posts.map(\.date), zone: site.config.timeZone)
        heatmapSVG = ActivityHeatmap.recent(counts: dayCounts, now: now, zone: site.config.timeZone)
        yearHeatmaps = Dictionary(
            uniqueKeysWithValues: site.archive.map { ($0.year, ActivityHeatmap.year($0.year, counts: dayCounts)) })
        timelineSVG = ProjectTimeline.svg(site: site, now: now, url: site.config.baseURL)
        let url = site.config.baseURL
        self.url = url
        let zone = site.config.timeZone
        let config = site.config
        siteValue = [
            "title": .string(config.title),
            "description": nonEmpty(config.description),
            "author": nonEmpty(config.author),
            "language": .string(config.language),
            "base_url": .string(url.absolute(Route.home.path)),
            "base_path": .string(url.basePath),
            "home_url": .string(url.path(Route.home.path)),
            "archive_url": .string(url.path(Route.archive.path)),
            "tags_url": .string(url.path(Route.tags.path)),
            "projects_url": .string(url.path(Route.projects.path)),
            "stylesheet_url": .string(url.path((theme.fingerprintedRoutes["style.css"] ?? Route.stylesheet).path)),
            "favicon_url": .string(url.path((theme.fingerprintedRoutes["favicon.svg"] ?? Route.favicon).path)),
            "feed_url": .string(url.path(Route.feed.path)),
            "json_feed_url": .string(url.path(Route.jsonFeed.path)),
            "search_url": .string(url.path(Route.search.path)),
            "series_url": .string(url.path(Route.seriesIndex.path)),
            "skills_url": .string(url.path(Route.skills.path)),
            "search_index_url": .string(url.path(Route.searchIndex.path)),
            "search_shards_url": .string(url.path(Route.searchShards.path)),
            "search_script_url": .string(url.path((theme.fingerprintedRoutes["search.js"] ?? Route.searchScript).path)),
            "code_script_url": .string(url.path((theme.fingerprintedRoutes["code.js"] ?? Route("/assets/code.js")).path)),
            "embed_script_url": .string(url.path((theme.fingerprintedRoutes["embed.js"] ?? Route("/assets/embed.js")).path)),
            "mermaid_url": .string(config.mermaidScript),
            "og_locale": .string(StructuredData.openGraphLocale(config.language)),
            "year": .int(CalendarDate(now, in: zone).year),
            "generator": .string(Self.generator),
            "params": config.params,
            "post_count": .int(site.posts.count),
            "post_count_label": .string(countLabel(site.posts.count, "post")),
        ]
        tagLinks = site.tags.map { tag in
            [
                "name": .string(tag.name), "slug": .string(tag.slug), "url": .string(url.path(tag.route.path)),
                "count": .int(tag.posts.count), "count_label": .string(countLabel(tag.posts.count, "post")),
            ]
        }
        projectLinks = site.projects.map { project in
            [
                "title": .string(project.title), "slug": .string(project.slug), "url": .string(url.path(project.route.path)),
                "status": project.status.map { .string($0.rawValue) } ?? .null,
                "status_label": project.status.map { .string($0.label) } ?? .null,
            ]
        }
        postCards = []
        cards = [:]
        renderedCardCount = 0
        // Each card is rendered once with `partials/post-card` and reused by every list that shows the post.
        let reusable = previousSite == siteValue ? previousCards : [:]
        let filled = Array(site.posts.indices).parallelMap { [self] index in
            fillCard(of: index, previous: reusable[site.posts[index].route.path])
        }
        postCards = filled.map(\.0.listValue)
        cards = Dictionary(zip(site.posts, filled).map { ($0.route.path, $1.0) }, uniquingKeysWith: { first, _ in first })
        renderedCardCount = filled.count { $0.1 }
    }

    /// The same renderer for `site`, in which only the posts at `changed` differ from this renderer's site,
    /// and in nothing that moves them or regroups the site (see ``LiveModel``): their cards are made again.
    func replacingPosts(_ changed: [Int], of site: Site) -> TemplateRenderer {
        var renderer = self
        renderer.site = site
        renderer.renderedCardCount = 0
        for index in changed {
            let path = site.posts[index].route.path
            let (card, rendered) = renderer.fillCard(of: index, previous: cards[path])
            renderer.postCards[index] = card.listValue
            renderer.cards[path] = card
            if rendered { renderer.renderedCardCount += 1 }
        }
        return renderer
    }

    /// Post `index`'s card filled with `partials/post-card`, or `previous` when what it is made from is the same;
    /// and whether it was rendered.
    private func fillCard(of index: Int, previous: FilledCard?) -> (FilledCard, Bool) {
        let post = site.posts[index]
        let tags = post.tags.compactMap { site.tagIndex[$0].map { tagLinks[$0] } }
        let projects = post.projects.compactMap { site.projectIndex[$0].map { projectLinks[$0] } }
        let key = FilledCard.Key(
            title: post.title, path: post.route.path, date: post.date, updated: post.updated, summary: post.summary,
            wordCount: post.wordCount, draft: post.draft, tags: tags, projects: projects)
        if let previous, previous.key == key { return (previous, false) }
        let zone = site.config.timeZone
        let context: TemplateValue = [
            "title": .string(post.title),
            "url": .string(url.path(post.route.path)),
            "date": dateValue(post.date, zone: zone),
            "updated": post.updated.map { dateValue($0, zone: zone) } ?? .null,
            "summary": nonEmpty(post.summary),
            "reading_time": .int(post.readingMinutes),
            "word_count": .int(post.wordCount),
            "tags": .list(tags),
            "has_tags": .bool(!tags.isEmpty),
            "projects": .list(projects),
            "has_projects": .bool(!projects.isEmpty),
            "draft": .bool(post.draft),
        ]
        let template = "partials/post-card"
        if let previous, previous.rendered.template == template, previous.rendered.context == context {
            return (FilledCard(key: key, rendered: previous.rendered), false)
        }
        guard case .object(var fields) = context else {
            return (FilledCard(key: key, rendered: RenderedTemplate(template: template, context: context)), false)
        }
        fields["site"] = siteValue
        let html = theme.render(template, context: .object(fields))
        return (FilledCard(key: key, rendered: RenderedTemplate(template: template, context: context, html: html)), true)
    }

    /// Renders every job on every core.
    /// - Returns: The pages in the order of `jobs`; `nil` where the template does not exist.
    public func renderAll(_ jobs: [PageJob]) -> [String?] {
        jobs.parallelMap { render($0) }
    }

    /// Renders one page; `nil` when its template does not exist.
    public func render(_ job: PageJob) -> String? {
        render(job.template, context(for: job))
    }

    /// Fills `template` with `context`; `nil` when the template does not exist.
    func render(_ template: String, _ context: TemplateValue) -> String? {
        theme.render(template, context: context)
    }

    /// The values a page's template sees.
    public func context(for job: PageJob) -> TemplateValue {
        var fields: [String: TemplateValue] = ["site": siteValue]
        var page: [String: TemplateValue] = [
            "url": .string(url.path(job.route.path)),
            "absolute_url": .string(url.absolute(job.route.path)),
            "description": nonEmpty(site.config.description),
            "og_type": "website",
        ]
        var section = ""
        switch job.content {
        case .home(let number):
            section = "home"
            page["kind"] = "home"
            listPosts(Array(site.posts.indices), page: number, base: .home, into: &fields)
            fields["is_first_page"] = .bool(number == 1)
            if number == 1 { fields["heatmap_svg"] = nonEmpty(heatmapSVG) }
            if number > 1 { page["title"] = .string("Page \(number)") }
        case .post(let index):
            section = "post"
            page["kind"] = "post"
            let post = site.posts[index]
            page["title"] = .string(post.title)
            page["description"] = nonEmpty(post.summary)
            page["og_type"] = "article"
            page["image"] = post.cover.map { .string(MachineFiles.absoluteURL($0, origin: url.origin)) } ?? .null
            page["published"] = .string(CalendarDate(post.date, in: site.config.timeZone).iso8601)
            page["modified"] = post.updated.map { .string(CalendarDate($0, in: site.config.timeZone).iso8601) } ?? .null
            fields["post"] = postValue(index)
            addFeatures(post.features, to: &page)
        case .tags:
            section = "tags"
            page["kind"] = "tags"
            page["title"] = "Tags"
            fields["tags"] = .list(tagLinks)
            fields["has_tags"] = .bool(!tagLinks.isEmpty)
        case .tag(let index, let number):
            section = "tags"
            page["kind"] = "tag"
            let tag = site.tags[index]
            page["title"] = .string(number > 1 ? "#\(tag.name) (page \(number))" : "#\(tag.name)")
            page["description"] = .string("Posts tagged \(tag.name)")
            page["feed_url"] = .string(url.path(MachineFiles.feedRoute(of: tag.route).path))
            page["feed_title"] = .string("\(site.config.title) · #\(tag.name)")
            fields["tag"] = tagLinks[index]
            listPosts(tag.posts, page: number, base: tag.route, into: &fields)
        case .projects:
            section = "projects"
            page["kind"] = "projects"
            page["title"] = "Projects"
            fields["projects"] = .list(site.projects.indices.map(projectValue))
            fields["has_projects"] = .bool(!site.projects.isEmpty)
            fields["timeline_svg"] = nonEmpty(timelineSVG)
        case .project(let index):
            section = "projects"
            page["kind"] = "project"
            let project = site.projects[index]
            page["title"] = .string(project.title)
            page["description"] = nonEmpty(project.summary)
            page["feed_url"] = .string(url.path(MachineFiles.feedRoute(of: project.route).path))
            page["feed_title"] = .string("\(site.config.title) · \(project.title)")
            fields["project"] = projectValue(index)
            addFeatures(project.features, to: &page)
            listPosts(project.posts, into: &fields)
        case .archive:
            section = "archive"
            page["kind"] = "archive"
            page["title"] = "Archive"
            fields["years"] = .list(
                site.archive.enumerated().map { position, year in
                    [
                        "year": .int(year.year),
                        "is_latest": .bool(position == 0),
                        "heatmap_svg": nonEmpty(yearHeatmaps[year.year] ?? ""),
                        "count": .int(year.months.reduce(0) { $0 + $1.posts.count }),
                        "months": .list(
                            year.months.map { month in
                                [
                                    "name": .string(CalendarDate.monthNames[month.month - 1]),
                                    "number": .int(month.month),
                                    "posts": .list(month.posts.map { postCards[$0] }),
                                ]
                            }),
                    ]
                })
        case .page(let index):
            let standalone = site.pages[index]
            section = "page:" + standalone.slug
            page["kind"] = "page"
            page["title"] = .string(standalone.title)
            page["description"] = nonEmpty(standalone.summary)
            page["content"] = .string(standalone.html)
            page["toc"] = tocValue(standalone.toc)
            page["has_toc"] = .bool(hasTableOfContents(standalone.toc))
            page["reading_time"] = .int(standalone.readingMinutes)
            page["params"] = .object(standalone.params)
            addFeatures(standalone.features, to: &page)
        case .skills:
            section = "skills"
            page["kind"] = "skills"
            page["title"] = "Skills"
            page["description"] = .string("What \(site.config.title) has picked up, in order")
            let zone = site.config.timeZone
            fields["skills"] = .list(
                site.skills.map { skill in
                    let latest = skill.posts.min()
                    let url: TemplateValue =
                        skill.tag.map { .string(self.url.path(site.tags[$0].route.path)) }
                        ?? skill.projects.first.map { .string(self.url.path(site.projects[$0].route.path)) } ?? .null
                    return [
                        "name": .string(skill.name), "slug": .string(skill.slug), "url": url,
                        "first_seen": skill.firstSeen.map { dateValue($0, zone: zone) } ?? .null,
                        "post_count": .int(skill.posts.count), "post_count_label": .string(countLabel(skill.posts.count, "post")),
                        "latest_post": latest.map { postCards[$0] } ?? .null,
                        "projects": .list(skill.projects.map { projectLinks[$0] }), "is_tech": .bool(!skill.projects.isEmpty),
                    ]
                })
            fields["has_skills"] = .bool(!site.skills.isEmpty)
        case .seriesIndex:
            section = "series"
            page["kind"] = "series-list"
            page["title"] = "Series"
            fields["series"] = .list(site.series.indices.map(seriesValue))
        case .series(let index):
            section = "series"
            page["kind"] = "series"
            let series = site.series[index]
            page["title"] = .string(series.title)
            page["description"] = nonEmpty(series.description)
            fields["series"] = seriesValue(index)
        case .search:
            section = "search"
            page["kind"] = "search"
            page["title"] = "Search"
            page["description"] = .string("Search the posts of \(site.config.title)")
        case .notFound:
            page["kind"] = "404"
            page["title"] = "Page not found"
            page["noindex"] = true
        }
        addMetadata(for: job, to: &page, fields: fields)
        fields["page"] = .object(page)
        fields["nav"] = navigation(current: section)
        return .object(fields)
    }

    /// What search engines and social sites read: the default `og:image`, a post's author and tags, the
    /// paginated list's neighbours (`rel="prev"`/`"next"`), and the page's JSON-LD (``StructuredData``).
    private func addMetadata(for job: PageJob, to page: inout [String: TemplateValue], fields: [String: TemplateValue]) {
        let config = site.config
        if page["image"] == nil || page["image"] == .null, let image = config.image {
            page["image"] = .string(SiteLinks.hasScheme(image) ? image : url.absolute("/" + image.drop { $0 == "/" }))
        }
        // A photo's social card, 1200×630, replaces the photo itself: the size social sites show, and light.
        if case .string(let image)? = page["image"], image.hasPrefix(url.origin),
            let card = site.socialCards[String(image.dropFirst(url.origin.count))]
        {
            page["image"] = .string(url.absolute(card.path))
            page["image_width"] = .int(PublishedPhoto.cardSize.width)
            page["image_height"] = .int(PublishedPhoto.cardSize.height)
            page["image_alt"] = page["title"] ?? .string(config.title)
        }
        if case .object(let pagination)? = fields["pagination"] {
            page["prev_url"] = pagination["prev_url"]
            page["next_url"] = pagination["next_url"]
        }
        var title = config.title
        if case .string(let pageTitle)? = page["title"] { title = pageTitle }
        let home = StructuredData.Crumb(name: config.title, url: url.absolute(Route.home.path))
        let here = StructuredData.Crumb(name: title, url: url.absolute(job.route.path))
        var crumbs = [home, here]
        var posting: StructuredData.Posting?
        var website: (name: String, url: String, description: String)?
        switch job.content {
        case .home(let number):
            crumbs = []
            if number == 1 { website = (config.title, home.url, config.description) }
        case .notFound:
            crumbs = []
        case .post(let index):
            let post = site.posts[index]
            let tags = post.tags.compactMap { site.tagIndex[$0].map { site.tags[$0].name } }
            page["author"] = nonEmpty(config.author)
            page["tags"] = .list(tags.map(TemplateValue.string))
            let published = CalendarDate(post.date, in: config.timeZone).iso8601
            var image: String?
            if case .string(let value)? = page["image"] { image = value }
            posting = StructuredData.Posting(
                headline: post.title, url: here.url, published: published,
                modified: post.updated.map { CalendarDate($0, in: config.timeZone).iso8601 } ?? published,
                description: post.summary, author: config.author, siteName: config.title, siteURL: home.url, keywords: tags,
                image: image, wordCount: post.wordCount,
                language: config.language)
        case .tag:
            crumbs = [home, StructuredData.Crumb(name: "Tags", url: url.absolute(Route.tags.path)), here]
        case .project:
            crumbs = [home, StructuredData.Crumb(name: "Projects", url: url.absolute(Route.projects.path)), here]
        case .series:
            crumbs = [home, StructuredData.Crumb(name: "Series", url: url.absolute(Route.seriesIndex.path)), here]
        default:
            break
        }
        page["json_ld"] = StructuredData.json(posting: posting, website: website, crumbs: crumbs).map(TemplateValue.string) ?? .null
    }

    /// `page.has_code`, `page.has_math`, `page.has_mermaid` and `page.has_embed`, which load what the body needs
    /// and only then.
    private func addFeatures(_ features: Set<PageFeature>, to page: inout [String: TemplateValue]) {
        for feature in features { page["has_\(feature.rawValue)"] = true }
    }

    /// Whether the context ``context(for:)`` makes for `content` holds anything of post `index` that a change
    /// to its body, title, summary, `updated` or params can alter: its page, its neighbours' and series mates'
    /// pages and those listing it as related, and every list that shows its card. Kept beside ``context(for:)``,
    /// which it mirrors; `LiveModelTests` checks the two agree.
    func shows(post index: Int, on content: PageContent) -> Bool {
        let post = site.posts[index]
        switch content {
        case .home(let number):
            return index / max(1, site.config.paginate) + 1 == number
        case .post(let other):
            if abs(other - index) <= 1 || site.posts[other].related.contains(index) { return true }
            guard let place = seriesPlaces[index], let otherPlace = seriesPlaces[other] else { return false }
            return place.series == otherPlace.series
        case .tag(let tag, let number):
            guard let place = site.tags[tag].posts.firstIndex(of: index) else { return false }
            return place / max(1, site.config.paginate) + 1 == number
        case .project(let project):
            return site.projects[project].posts.contains(index)
        case .projects:
            return !post.projects.isEmpty
        case .series, .seriesIndex:
            return seriesPlaces[index] != nil
        case .archive, .skills:
            return true
        case .tags, .page, .search, .notFound:
            return false
        }
    }

    private func navigation(current section: String) -> TemplateValue {
        var items: [TemplateValue] = [
            ["title": "Archive", "url": .string(url.path(Route.archive.path)), "current": .bool(section == "archive")],
            ["title": "Projects", "url": .string(url.path(Route.projects.path)), "current": .bool(section == "projects")],
            ["title": "Tags", "url": .string(url.path(Route.tags.path)), "current": .bool(section == "tags")],
        ]
        for page in site.pages {
            items.append([
                "title": .string(page.title), "url": .string(url.path(page.route.path)), "current": .bool(section == "page:" + page.slug),
            ])
        }
        items.insert(["title": "Skills", "url": .string(url.path(Route.skills.path)), "current": .bool(section == "skills")], at: 3)
        if !site.series.isEmpty {
            items.insert(
                ["title": "Series", "url": .string(url.path(Route.seriesIndex.path)), "current": .bool(section == "series")], at: 1)
        }
        items.append(["title": "Search", "url": .string(url.path(Route.search.path)), "current": .bool(section == "search")])
        return .list(items)
    }

    /// Sets `posts` and `has_posts` to the cards of `posts`.
    private func listPosts(_ posts: some Collection<Int>, into fields: inout [String: TemplateValue]) {
        fields["posts"] = .list(posts.map { postCards[$0] })
        fields["has_posts"] = .bool(!posts.isEmpty)
    }

    /// Sets `posts`, `has_posts` and `pagination` for page `number` of a paginated list at `base`.
    private func listPosts(_ items: [Int], page number: Int, base: Route, into fields: inout [String: TemplateValue]) {
        let perPage = max(1, site.config.paginate)
        let total = max(1, (items.count + perPage - 1) / perPage)
        let start = min(items.count, (number - 1) * perPage)
        let end = min(items.count, start + perPage)
        fields["pagination"] = [
            "current": .int(number),
            "total": .int(total),
            "has_multiple": .bool(total > 1),
            "prev_url": number > 1 ? .string(url.path(base.page(number - 1).path)) : .null,
            "next_url": number < total ? .string(url.path(base.page(number + 1).path)) : .null,
            "pages": .list(
                pageWindow(current: number, total: total).map { page in
                    guard let page else { return ["gap": true, "current": false, "number": .null, "url": .null] }
                    return [
                        "gap": false, "number": .int(page), "url": .string(url.path(base.page(page).path)),
                        "current": .bool(page == number),
                    ]
                }),
        ]
        listPosts(items[start..<end], into: &fields)
    }

    /// A photo's copies for a template's `<picture>`: `src`, `srcset`, `sizes`, `width`, `height`, and `sources`
    /// (each `type` and `srcset`).
    static func pictureValue(_ picture: Picture) -> TemplateValue {
        .object([
            "src": .string(picture.src), "srcset": .string(picture.srcset), "sizes": .string(Picture.sizes),
            "width": .int(picture.size.width), "height": .int(picture.size.height),
            "sources": .list(picture.sources.map { .object(["type": .string($0.type), "srcset": .string($0.srcset)]) }),
        ])
    }

    private func postValue(_ index: Int) -> TemplateValue {
        let post = site.posts[index]
        guard case .object(var fields) = postCards[index] else { return postCards[index] }
        fields["content"] = .string(post.html)
        fields["toc"] = tocValue(post.toc)
        fields["has_toc"] = .bool(hasTableOfContents(post.toc))
        fields["params"] = .object(post.params)
        fields["cover"] = post.cover.map(TemplateValue.string) ?? .null
        fields["cover_picture"] = post.cover.flatMap { site.pictures[$0] }.map(Self.pictureValue) ?? .null
        fields["newer"] = index > 0 ? neighbour(index - 1) : .null
        fields["older"] = index + 1 < site.posts.count ? neighbour(index + 1) : .null
        fields["series"] = seriesMembership(of: index)
        fields["related"] = .list(post.related.map { postCards[$0] })
        fields["has_related"] = .bool(!post.related.isEmpty)
        return .object(fields)
    }

    /// A series as templates see it: its posts day by day, with a gap for each day without a post, and progress.
    private func seriesValue(_ index: Int) -> TemplateValue {
        let series = site.series[index]
        let reached = series.reached(in: site.posts)
        let total = series.days ?? reached
        var entries: [TemplateValue] = []
        let numbered = series.posts.allSatisfy { site.posts[$0].day != nil }
        if numbered {
            var byDay: [Int: [Int]] = [:]
            for post in series.posts { byDay[site.posts[post].day ?? 0, default: []].append(post) }
            for day in 1...max(1, reached) {
                guard let posts = byDay[day] else {
                    entries.append(["day": .int(day), "gap": true, "post": .null])
                    continue
                }
                for post in posts { entries.append(["day": .int(day), "gap": false, "post": postCards[post]]) }
            }
        } else {
            for (offset, post) in series.posts.enumerated() {
                entries.append(["day": .int(site.posts[post].day ?? offset + 1), "gap": false, "post": postCards[post]])
            }
        }
        let percent = total > 0 ? min(100, reached * 100 / total) : 0
        return [
            "title": .string(series.title), "slug": .string(series.slug), "url": .string(url.path(series.route.path)),
            "description": nonEmpty(series.description), "days": series.days.map(TemplateValue.int) ?? .null,
            "post_count": .int(series.posts.count), "post_count_label": .string(countLabel(series.posts.count, "post")),
            "reached": .int(reached), "percent": .int(percent),
            "progress_label": .string(series.days.map { "Day \(reached) of \($0)" } ?? "Day \(reached) so far"),
            "is_complete": .bool(series.days.map { reached >= $0 } ?? false),
            "entries": .list(entries), "gap_count": .int(entries.count { $0["gap"] == .bool(true) }),
            "has_gaps": .bool(entries.contains { $0["gap"] == .bool(true) }),
        ]
    }

    /// The series of the post at `index`, with its day and the previous and next entries, or null.
    private func seriesMembership(of index: Int) -> TemplateValue {
        guard let (seriesIndex, position) = seriesPlaces[index] else { return .null }
        let series = site.series[seriesIndex]
        let day = site.posts[index].day ?? position + 1
        return [
            "title": .string(series.title), "url": .string(url.path(series.route.path)), "day": .int(day),
            "days": series.days.map(TemplateValue.int) ?? .null,
            "label": .string(series.days.map { "Day \(day) of \($0)" } ?? "Part \(position + 1) of \(series.posts.count)"),
            "previous": position > 0 ? neighbour(series.posts[position - 1]) : .null,
            "next": position + 1 < series.posts.count ? neighbour(series.posts[position + 1]) : .null,
        ]
    }

    private func neighbour(_ index: Int) -> TemplateValue {
        ["title": .string(site.posts[index].title), "url": .string(url.path(site.posts[index].route.path))]
    }

    private func projectValue(_ index: Int) -> TemplateValue {
        let project = site.projects[index]
        guard case .object(var fields) = projectLinks[index] else { return projectLinks[index] }
        let zone = site.config.timeZone
        fields["summary"] = nonEmpty(project.summary)
        fields["content"] = nonEmpty(project.html)
        fields["toc"] = tocValue(project.toc)
        fields["repo"] = project.repo.map(TemplateValue.string) ?? .null
        fields["tech"] = .list(project.tech.map(TemplateValue.string))
        fields["has_tech"] = .bool(!project.tech.isEmpty)
        fields["started"] = project.started.map { dateValue($0, zone: zone) } ?? .null
        fields["finished"] = project.finished.map { dateValue($0, zone: zone) } ?? .null
        fields["post_count"] = .int(project.posts.count)
        fields["post_count_label"] = .string(countLabel(project.posts.count, "post"))
        fields["has_posts"] = .bool(!project.posts.isEmpty)
        fields["latest_post"] = project.posts.last.map { postCards[$0] } ?? .null
        fields["is_generated"] = .bool(project.isGenerated)
        if let span = ProjectTimeline.span(of: project, posts: site.posts, now: now) {
            fields["start"] = dateValue(span.start, zone: zone)
            fields["end"] = span.isOngoing ? .null : dateValue(span.end, zone: zone)
            fields["is_ongoing"] = .bool(span.isOngoing)
            fields["duration_label"] = .string(ProjectTimeline.durationLabel(span, zone: zone))
        } else {
            fields["start"] = .null
            fields["end"] = .null
            fields["is_ongoing"] = false
            fields["duration_label"] = .null
        }
        fields["params"] = .object(project.params)
        return .object(fields)
    }

    private func tocValue(_ entries: [TOCEntry]) -> TemplateValue {
        .list(
            entries.map { entry in
                [
                    "id": .string(entry.id), "text": .string(entry.text),
                    "children": tocValue(entry.children), "has_children": .bool(!entry.children.isEmpty),
                ]
            })
    }
}

/// A date as templates see it: `iso` (RFC 3339), `day` (2025-03-13), `display` (March 13, 2025), `year`.
func dateValue(_ date: Date, zone: TimeZone) -> TemplateValue {
    let day = CalendarDate(date, in: zone)
    return ["iso": .string(day.iso8601), "day": .string(day.isoDay), "display": .string(day.display), "year": .int(day.year)]
}

/// The page numbers a pager shows: the first, the last, and two on each side of the current one; `nil` marks
/// a gap. Keeps every list page's size independent of the number of pages.
func pageWindow(current: Int, total: Int, radius: Int = 2) -> [Int?] {
    var numbers: [Int?] = []
    var previous = 0
    // Only the first, the last and the pages near the current one are visited, so a list of thousands of pages
    // costs the same per page as a short one.
    let last = max(1, total)
    let upper = max(1, min(last, current + radius))
    let near = min(max(1, current - radius), upper)...upper
    for page in ([1] + Array(near) + [last]) where page > previous {
        if page > previous + 1 { numbers.append(nil) }
        numbers.append(page)
        previous = page
    }
    return numbers
}

/// "1 post", "3 posts".
func countLabel(_ count: Int, _ noun: String) -> String { count == 1 ? "1 \(noun)" : "\(count) \(noun)s" }

/// The string, or null when empty, so that `{{#field}}` sections skip it.
func nonEmpty(_ text: String) -> TemplateValue { text.isEmpty ? .null : .string(text) }
