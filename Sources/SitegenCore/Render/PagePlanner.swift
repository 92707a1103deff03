/// What a page shows.
public enum PageContent: Sendable, Equatable {
    /// Page `page` of the home list.
    case home(page: Int)
    /// A post by index.
    case post(Int)
    /// The list of tags.
    case tags
    /// Page `page` of a tag's posts.
    case tag(Int, page: Int)
    /// The list of projects.
    case projects
    /// A project by index.
    case project(Int)
    /// Posts by year and month.
    case archive
    /// A standalone page by index.
    case page(Int)
    /// The learning path: `/skills/`.
    case skills
    /// The list of series.
    case seriesIndex
    /// A series by index.
    case series(Int)
    /// The search page.
    case search
    /// The "not found" page.
    case notFound
}

/// One page to render: where it goes, with which template, showing what.
public struct PageJob: Sendable, Equatable {
    public var route: Route
    public var template: String
    public var content: PageContent
}

/// Decides every page of a site; pure, so that the plan can be tested without rendering.
public enum PagePlanner {
    /// Every page of `site`, in a stable order.
    public static func plan(_ site: Site) -> [PageJob] {
        var jobs: [PageJob] = []
        let perPage = max(1, site.config.paginate)
        let homePages = max(1, (site.posts.count + perPage - 1) / perPage)
        for number in 1...homePages {
            jobs.append(PageJob(route: Route.home.page(number), template: "home", content: .home(page: number)))
        }
        for (index, post) in site.posts.enumerated() {
            jobs.append(
                PageJob(
                    route: post.route, template: template(for: post.layout, default: ContentKind.post.defaultTemplate),
                    content: .post(index)))
        }
        jobs.append(PageJob(route: .tags, template: "tags", content: .tags))
        for (index, tag) in site.tags.enumerated() {
            let pages = max(1, (tag.posts.count + perPage - 1) / perPage)
            for number in 1...pages {
                jobs.append(PageJob(route: tag.route.page(number), template: "tag", content: .tag(index, page: number)))
            }
        }
        jobs.append(PageJob(route: .projects, template: "projects", content: .projects))
        for (index, project) in site.projects.enumerated() {
            jobs.append(
                PageJob(
                    route: project.route, template: template(for: project.layout, default: ContentKind.project.defaultTemplate),
                    content: .project(index)))
        }
        jobs.append(PageJob(route: .archive, template: "archive", content: .archive))
        jobs.append(PageJob(route: .skills, template: "skills", content: .skills))
        if !site.series.isEmpty {
            jobs.append(PageJob(route: .seriesIndex, template: "series-list", content: .seriesIndex))
            for (index, series) in site.series.enumerated() {
                jobs.append(PageJob(route: series.route, template: "series", content: .series(index)))
            }
        }
        for (index, page) in site.pages.enumerated() {
            jobs.append(
                PageJob(
                    route: page.route, template: template(for: page.layout, default: ContentKind.page.defaultTemplate),
                    content: .page(index)))
        }
        jobs.append(PageJob(route: .search, template: "search", content: .search))
        jobs.append(PageJob(route: .notFound, template: "404", content: .notFound))
        return jobs
    }

    /// The template a `layout` names; Jekyll's `post`, `page` and `default` map to the built-in ones.
    public static func template(for layout: String?, default name: String) -> String {
        guard let layout, !layout.isEmpty, !["default", "post", "page", "project"].contains(layout) else { return name }
        return layout
    }
}

extension ContentKind {
    /// The built-in template that renders this kind: `post`, `project` or `page`.
    public var defaultTemplate: String { rawValue }
}
