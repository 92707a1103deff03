import Foundation

/// A post's card as filled, with what it was made from, so that an unchanged post's card is reused without
/// building its values again.
struct FilledCard: Sendable {
    /// Everything of the post that the card's values are made from (the `site.*` values are compared once for
    /// all cards, and the time zone and base URL are part of the cache's fingerprint).
    struct Key: Sendable, Equatable {
        var title: String
        var path: String
        var date: Date
        var updated: Date?
        var summary: String
        var wordCount: Int
        var draft: Bool
        var tags: [TemplateValue]
        var projects: [TemplateValue]
    }

    let key: Key
    let rendered: RenderedTemplate
    /// The card as lists see it: its values and its HTML as `card_html`, with its fingerprint worked out once for
    /// all the pages that list it.
    let listValue: TemplateValue

    init(key: Key, rendered: RenderedTemplate) {
        self.key = key
        self.rendered = rendered
        if case .object(var fields) = rendered.context {
            fields["card_html"] = .string(rendered.html ?? "")
            listValue = .hashed(HashedValue(.object(fields)))
        } else {
            listValue = rendered.context
        }
    }
}
