import Foundation
import SitegenMarkdown

/// A standalone page such as About.
public struct Page: Sendable {
    public var sourcePath: String
    public var slug: String
    public var route: Route
    public var title: String
    public var summary: String
    public var html: String
    public var toc: [TOCEntry]
    public var wordCount: Int
    public var readingMinutes: Int
    public var weight: Int?
    public var layout: String?
    public var params: [String: TemplateValue]
    /// When its file was last modified, for the sitemap.
    public var modified: Date
    /// What it needs for its body (code, math, diagrams).
    public var features: Set<PageFeature> = []
}
