import Foundation
import SitegenMarkdown

/// The values of the site's parts as templates see them: posts, series, projects, tables of contents, dates.
extension TemplateRenderer {
    /// A photo's copies for a template's `<picture>`: `src`, `srcset`, `sizes`, `width`, `height`, and `sources`
    /// (each `type` and `srcset`).
    static func pictureValue(_ picture: Picture) -> TemplateValue {
        .object([
            "src": .string(picture.src), "srcset": .string(picture.srcset), "sizes": .string(Picture.sizes),
            "width": .int(picture.size.width), "height": .int(picture.size.height),
            "sources": .list(picture.sources.map { .object(["type": .string($0.type), "srcset": .string($0.srcset)]) }),
        ])
    }

    /// Post `index` as its own page shows it, noting in `reads` every post it shows.
    func postValue(_ index: Int, _ reads: PostReads) -> TemplateValue {
        let post = site.posts[index]
        let card = card(index, reads)
        guard var fields = card.objectFields else { return card }
        fields["content"] = post.htmlValue
        fields["toc"] = tocValue(post.toc)
        fields["has_toc"] = .bool(hasTableOfContents(post.toc))
        fields["params"] = .object(post.params)
        fields["cover"] = post.cover.map(TemplateValue.string) ?? .null
        fields["cover_picture"] = post.cover.flatMap { site.pictures[$0] }.map(Self.pictureValue) ?? .null
        fields["newer"] = index > 0 ? neighbour(index - 1, reads) : .null
        fields["older"] = index + 1 < site.posts.count ? neighbour(index + 1, reads) : .null
        fields["series"] = seriesMembership(of: index, reads)
        fields["related"] = .list(post.related.map { self.card($0, reads) })
        fields["has_related"] = .bool(!post.related.isEmpty)
        return .object(fields)
    }

    /// A series as templates see it: its posts day by day, with a gap for each day without a post, and progress.
    func seriesValue(_ index: Int, _ reads: PostReads) -> TemplateValue {
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
                for post in posts { entries.append(["day": .int(day), "gap": false, "post": card(post, reads)]) }
            }
        } else {
            for (offset, post) in series.posts.enumerated() {
                entries.append(["day": .int(site.posts[post].day ?? offset + 1), "gap": false, "post": card(post, reads)])
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
    func seriesMembership(of index: Int, _ reads: PostReads) -> TemplateValue {
        guard let (seriesIndex, position) = seriesPlaces[index] else { return .null }
        let series = site.series[seriesIndex]
        let day = site.posts[index].day ?? position + 1
        return [
            "title": .string(series.title), "url": .string(url.path(series.route.path)), "day": .int(day),
            "days": series.days.map(TemplateValue.int) ?? .null,
            "label": .string(series.days.map { "Day \(day) of \($0)" } ?? "Part \(position + 1) of \(series.posts.count)"),
            "previous": position > 0 ? neighbour(series.posts[position - 1], reads) : .null,
            "next": position + 1 < series.posts.count ? neighbour(series.posts[position + 1], reads) : .null,
        ]
    }

    /// Post `index`'s title and URL, for the links to the previous and next post: values of its card.
    func neighbour(_ index: Int, _ reads: PostReads) -> TemplateValue {
        reads.noteCard(index)
        return ["title": .string(site.posts[index].title), "url": .string(url.path(site.posts[index].route.path))]
    }

    func projectValue(_ index: Int, _ reads: PostReads) -> TemplateValue {
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
        fields["latest_post"] = project.posts.last.map { card($0, reads) } ?? .null
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

    func tocValue(_ entries: [TOCEntry]) -> TemplateValue {
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
