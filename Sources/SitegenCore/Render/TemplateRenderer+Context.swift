import Foundation
import SitegenMarkdown

/// A page's context: the values each kind of page gives its template, its metadata and what it lists.
extension TemplateRenderer {
    /// The values a page's template sees.
    public func context(for job: PageJob) -> TemplateValue { context(for: job, reads: PostReads()) }

    /// The values a page's template sees, noting in `reads` the posts they show.
    func context(for job: PageJob, reads: PostReads) -> TemplateValue {
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
            listPosts(site.posts.indices, page: number, base: .home, into: &fields, reads: reads)
            fields["is_first_page"] = .bool(number == 1)
            if number == 1 { fields["heatmap_svg"] = nonEmpty(heatmapSVG) }
            if number > 1 { page["title"] = .string("Page \(number)") }
        case .post(let index):
            section = "post"
            page["kind"] = "post"
            reads.note(index)
            let post = site.posts[index]
            page["title"] = .string(post.title)
            page["description"] = nonEmpty(post.summary)
            page["og_type"] = "article"
            page["image"] = post.cover.map { .string(MachineFiles.absoluteURL($0, origin: url.origin)) } ?? .null
            page["published"] = .string(CalendarDate(post.date, in: site.config.timeZone).iso8601)
            page["modified"] = post.updated.map { .string(CalendarDate($0, in: site.config.timeZone).iso8601) } ?? .null
            fields["post"] = postValue(index, reads)
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
            addFeed(of: tag.route, named: "#\(tag.name)", to: &page)
            fields["tag"] = tagLinks[index]
            listPosts(tag.posts, page: number, base: tag.route, into: &fields, reads: reads)
        case .projects:
            section = "projects"
            page["kind"] = "projects"
            page["title"] = "Projects"
            fields["projects"] = .list(site.projects.indices.map { projectValue($0, reads) })
            fields["has_projects"] = .bool(!site.projects.isEmpty)
            fields["timeline_svg"] = nonEmpty(timelineSVG)
        case .project(let index):
            section = "projects"
            page["kind"] = "project"
            let project = site.projects[index]
            page["title"] = .string(project.title)
            page["description"] = nonEmpty(project.summary)
            addFeed(of: project.route, named: project.title, to: &page)
            fields["project"] = projectValue(index, reads)
            addFeatures(project.features, to: &page)
            listPosts(project.posts, into: &fields, reads: reads)
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
                                    "posts": .list(month.posts.map { card($0, reads) }),
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
                        "latest_post": latest.map { card($0, reads) } ?? .null,
                        "projects": .list(skill.projects.map { projectLinks[$0] }), "is_tech": .bool(!skill.projects.isEmpty),
                    ]
                })
            fields["has_skills"] = .bool(!site.skills.isEmpty)
        case .seriesIndex:
            section = "series"
            page["kind"] = "series-list"
            page["title"] = "Series"
            fields["series"] = .list(site.series.indices.map { seriesValue($0, reads) })
        case .series(let index):
            section = "series"
            page["kind"] = "series"
            let series = site.series[index]
            page["title"] = .string(series.title)
            page["description"] = nonEmpty(series.description)
            fields["series"] = seriesValue(index, reads)
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
        addMetadata(for: job, to: &page, fields: fields, reads: reads)
        fields["page"] = .object(page)
        fields["nav"] = navigation(current: section)
        return .object(fields)
    }

    /// What search engines and social sites read: the default `og:image`, a post's author and tags, the
    /// paginated list's neighbours (`rel="prev"`/`"next"`), and the page's JSON-LD (``StructuredData``).
    func addMetadata(for job: PageJob, to page: inout [String: TemplateValue], fields: [String: TemplateValue], reads: PostReads) {
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
            reads.note(index)
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

    /// The page's own feed, on a tag's or a project's page: its URL and its title.
    func addFeed(of route: Route, named name: String, to page: inout [String: TemplateValue]) {
        page["feed_url"] = .string(url.path(MachineFiles.feedRoute(of: route).path))
        page["feed_title"] = .string("\(site.config.title) · \(name)")
    }

    /// `page.has_code`, `page.has_math`, `page.has_mermaid` and `page.has_embed`, which load what the body needs
    /// and only then.
    func addFeatures(_ features: Set<PageFeature>, to page: inout [String: TemplateValue]) {
        for feature in features { page["has_\(feature.rawValue)"] = true }
    }

    /// The site's menu with the item of `section` marked current: made once for each section (``menus``).
    func navigation(current section: String) -> TemplateValue {
        menus[section] ?? Self.menu(of: site, url: url, current: section)
    }

    /// The menu of each section the site makes its pages in; a standalone page's is made with the page.
    static func menus(of site: Site, url: SiteURL) -> [String: TemplateValue] {
        let sections = ["", "home", "post", "archive", "projects", "tags", "skills", "series", "search"]
        return Dictionary(uniqueKeysWithValues: sections.map { ($0, menu(of: site, url: url, current: $0)) })
    }

    private static func menu(of site: Site, url: SiteURL, current section: String) -> TemplateValue {
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
    func listPosts(_ posts: some Collection<Int>, into fields: inout [String: TemplateValue], reads: PostReads) {
        fields["posts"] = .list(posts.map { card($0, reads) })
        fields["has_posts"] = .bool(!posts.isEmpty)
    }

    /// Sets `posts`, `has_posts` and `pagination` for page `number` of a paginated list at `base`.
    /// `items` is a range or a list, so that each page of the home's list does not copy every post's index, which
    /// made the home pages cost the square of the posts.
    func listPosts(
        _ items: some RandomAccessCollection<Int>, page number: Int, base: Route, into fields: inout [String: TemplateValue],
        reads: PostReads
    ) {
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
        listPosts(items.dropFirst(start).prefix(end - start), into: &fields, reads: reads)
    }
}
