import Foundation
import SitegenMarkdown

/// A project: its own page, or one generated for a slug that posts name.
public struct Project: Sendable {
    public var slug: String
    public var title: String
    public var route: Route
    public var sourcePath: String?
    public var summary: String
    public var status: ProjectStatus?
    public var repo: String?
    public var tech: [String]
    public var started: Date?
    public var finished: Date?
    public var html: String
    public var toc: [TOCEntry]
    public var layout: String?
    public var params: [String: TemplateValue]
    /// Indices into ``Site/posts``, oldest first: the project's timeline.
    public var posts: [Int]
    /// Whether no file describes it.
    public var isGenerated: Bool
    /// What its page needs for its body (code, math, diagrams).
    public var features: Set<PageFeature> = []
}
