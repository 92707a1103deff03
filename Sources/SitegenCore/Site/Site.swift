import Foundation
import SitegenMarkdown

/// The whole site as a model: what the templates show, with no I/O.
public struct Site: Sendable {
    public var config: SiteConfig
    /// Newest first.
    public var posts: [Post]
    /// By name.
    public var tags: [Tag]
    public var projects: [Project]
    public var pages: [Page]
    public var archive: [ArchiveYear]
    public var staticFiles: [StaticFile]
    /// The resized copies of each photo, by the URL path of its original: what a cover is shown with.
    public var pictures: [String: Picture] = [:]
    /// The social card (`og:image`) cut from each cover and the site's `image`, by the URL path of the photo.
    public var socialCards: [String: Route] = [:]
    /// Index of each tag in ``tags`` by slug.
    public var tagIndex: [String: Int]
    /// Index of each project in ``projects`` by slug.
    public var projectIndex: [String: Int]
    /// Series by title.
    public var series: [Series] = []
    /// Tags and technologies in the order they were picked up.
    public var skills: [Skill] = []
}
