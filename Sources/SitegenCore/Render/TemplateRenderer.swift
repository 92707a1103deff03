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
    /// One card per post, as lists show it (``card(_:_:)``); `nil` for a card not filled up front, which is
    /// filled when a page reads it.
    private var postCards: [TemplateValue?]
    /// Where cards an earlier build filled are kept, with the hash of the theme and `site.*` values they were
    /// filled with.
    private let rememberedCards: (memo: PartMemo, siteHash: UInt64)?
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
    /// The site's menu (`nav`) for each section, with its item marked current.
    let menus: [String: TemplateValue]

    /// The generator's name and version, for `site.generator`.
    public static let generator = "sitegen \(SitegenVersion.current)"

    /// Prepares the shared values for `site`, reusing the cards of `previousCards` whose values are unchanged;
    /// they are reused only if they were filled with the same `site.*` values, `previousSite`. A card that is not
    /// among them is taken from `cardMemo` when an earlier build filled it with the same template and values.
    /// With `filling`, only those posts' cards are filled now, and any other when a page first reads it (a
    /// rebuild that renders a few pages); such cards are not kept in ``cards``. Without `keepingCards` (a build
    /// whose renderer is not kept for the next), ``cards`` stays empty.
    init(
        site: Site, theme: Theme, now: Date = Date(), previousCards: [String: FilledCard] = [:],
        previousSite: TemplateValue? = nil, cardMemo: PartMemo? = nil, filling: Set<Int>? = nil, keepingCards: Bool = false
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
        menus = Self.menus(of: site, url: url)
        let zone = site.config.timeZone
        let config = site.config
        let siteFields: TemplateValue = [
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
        // Hashed once here rather than with every page's values.
        siteValue = .hashed(HashedValue(siteFields))
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
        var siteHasher = StableHasher()
        siteHasher.combine(Int64(bitPattern: theme.fingerprint))
        siteValue.combine(into: &siteHasher)
        rememberedCards = cardMemo.map { (memo: $0, siteHash: siteHasher.value) }
        let indices = filling.map { $0.sorted() } ?? Array(site.posts.indices)
        let filled = indices.parallelMap { [self] index in
            fillCard(of: index, previous: reusable[site.posts[index].route.path], remembered: rememberedCards)
        }
        if filling == nil {
            postCards = filled.map(\.0.listValue)
            if keepingCards {
                cards = Dictionary(zip(site.posts.map(\.route.path), filled.map(\.0)), uniquingKeysWith: { first, _ in first })
            }
        } else {
            postCards = Array(repeating: nil, count: site.posts.count)
            for (index, card) in zip(indices, filled) { postCards[index] = card.0.listValue }
        }
        renderedCardCount = filled.count { $0.1 }
    }

    /// Post `index`'s card as lists show it, noted in `reads`.
    func card(_ index: Int, _ reads: PostReads) -> TemplateValue {
        reads.noteCard(index)
        if let card = postCards[index] { return card }
        return fillCard(of: index, previous: nil, remembered: rememberedCards).0.listValue
    }

    /// Fills the cards of the posts at `indices` that are not filled yet, on every core, for the pages about to
    /// be rendered.
    mutating func fillCards(_ indices: Set<Int>) {
        let missing = indices.filter { postCards[$0] == nil }.sorted()
        let filled = missing.parallelMap { [self] index in fillCard(of: index, previous: nil, remembered: rememberedCards) }
        for (index, card) in zip(missing, filled) { postCards[index] = card.0.listValue }
        renderedCardCount += filled.count { $0.1 }
    }

    /// A hash of the values of post `index`'s card that a template names (``Theme/namesLookedUp``), with its
    /// HTML: a page that shows the card, its title or its link is the same while this hash is.
    func cardHash(_ index: Int) -> UInt64 {
        let card = postCards[index] ?? fillCard(of: index, previous: nil, remembered: rememberedCards).0.listValue
        var hasher = StableHasher()
        guard let names = theme.namesLookedUp, let fields = card.objectFields else {
            card.combine(into: &hasher)
            return hasher.value
        }
        for (name, value) in fields.filter({ names.contains($0.key) }).sorted(by: { $0.key < $1.key }) {
            hasher.combine(name)
            value.combine(into: &hasher)
        }
        return hasher.value
    }

    /// The same renderer for `site`, in which only the posts at `changed` differ from this renderer's site,
    /// and in nothing that moves them or regroups the site (see ``LiveModel``): their cards are made again.
    func replacingPosts(_ changed: [Int], of site: Site) -> TemplateRenderer {
        var renderer = self
        renderer.site = site
        renderer.renderedCardCount = 0
        for index in changed {
            let path = site.posts[index].route.path
            let (card, rendered) = renderer.fillCard(of: index, previous: cards[path], remembered: nil)
            renderer.postCards[index] = card.listValue
            renderer.cards[path] = card
            if rendered { renderer.renderedCardCount += 1 }
        }
        return renderer
    }

    /// Post `index`'s card filled with `partials/post-card`, or `previous` when what it is made from is the same;
    /// and whether it was rendered.
    /// With `remembered`, a card an earlier build filled with the same values, theme and `site.*` values (whose
    /// hash with the theme's is `siteHash`) is taken from `memo`.
    private func fillCard(of index: Int, previous: FilledCard?, remembered: (memo: PartMemo, siteHash: UInt64)?)
        -> (FilledCard, Bool)
    {
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
        var inputs: UInt64 = 0
        if let (memo, siteHash) = remembered {
            var hasher = StableHasher()
            hasher.combine(Int64(bitPattern: siteHash))
            hasher.combine(template)
            context.combine(into: &hasher)
            inputs = hasher.value
            if let bytes = memo.find(post.sourcePath, inputs) {
                let html = String(decoding: bytes, as: UTF8.self)
                return (FilledCard(key: key, rendered: RenderedTemplate(template: template, context: context, html: html)), false)
            }
        }
        fields["site"] = siteValue
        // A card's values hold no stored text (its post's HTML is in ``postValue(_:_:)`` only), so nothing is read.
        let html = (try? theme.render(template, context: .object(fields))) ?? nil
        if let html, let (memo, _) = remembered { memo.keep(post.sourcePath, inputs, Array(html.utf8)) }
        return (FilledCard(key: key, rendered: RenderedTemplate(template: template, context: context, html: html)), true)
    }

    /// Renders every job on every core.
    /// - Returns: The pages in the order of `jobs`; `nil` where the template does not exist, or why a post's HTML
    ///   the page shows could not be read.
    func renderAll(_ jobs: [PageJob]) -> [Result<String?, SpillFile.ReadFailure>] {
        jobs.parallelMap { job in Result { () throws(SpillFile.ReadFailure) in try render(job) } }
    }

    /// Renders one page; `nil` when its template does not exist.
    func render(_ job: PageJob) throws(SpillFile.ReadFailure) -> String? {
        try render(job.template, context(for: job))
    }

    /// Fills `template` with `context`; `nil` when the template does not exist.
    func render(_ template: String, _ context: TemplateValue) throws(SpillFile.ReadFailure) -> String? {
        try theme.render(template, context: context)
    }
}
