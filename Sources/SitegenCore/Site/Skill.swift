import Foundation

/// Something learned, as the site shows it on `/skills/`: a tag, or a technology a project lists (merged when
/// they have the same slug), with when it first appeared and the posts about it.
public struct Skill: Sendable {
    public var name: String
    public var slug: String
    /// The oldest post about it, or the start of the first project that lists it.
    public var firstSeen: Date?
    /// Indices into ``Site/posts``, newest first.
    public var posts: [Int]
    /// Its tag's index in ``Site/tags``, when it is a tag.
    public var tag: Int?
    /// Indices into ``Site/projects`` of the projects that list it in `tech`.
    public var projects: [Int]

    /// Every skill of a site, in the order it was picked up; those with no date last, by name.
    static func all(in site: Site) -> [Skill] {
        var skills: [Skill] = []
        var bySlug: [String: Int] = [:]
        for (index, tag) in site.tags.enumerated() {
            bySlug[tag.slug] = skills.count
            skills.append(
                Skill(
                    name: tag.name, slug: tag.slug, firstSeen: tag.posts.last.map { site.posts[$0].date }, posts: tag.posts, tag: index,
                    projects: []))
        }
        for (projectIndex, project) in site.projects.enumerated() {
            let started = project.started ?? project.posts.first.map { site.posts[$0].date }
            for name in project.tech {
                let slug = Slug.make(name)
                guard !slug.isEmpty else { continue }
                let index = bySlug.number(of: slug, next: skills.count) {
                    skills.append(Skill(name: name, slug: slug, firstSeen: nil, posts: [], tag: nil, projects: []))
                }
                skills[index].projects.append(projectIndex)
                if let started, skills[index].firstSeen.map({ started < $0 }) ?? true { skills[index].firstSeen = started }
                skills[index].posts = Array(Set(skills[index].posts).union(project.posts)).sorted()
            }
        }
        return skills.sorted { lhs, rhs in
            switch (lhs.firstSeen, rhs.firstSeen) {
            case (let left?, let right?): return (left, lhs.name.lowercased()) < (right, rhs.name.lowercased())
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return lhs.name.lowercased() < rhs.name.lowercased()
            }
        }
    }
}
