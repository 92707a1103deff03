/// The posts whose values one page's context read, noted as the context is built
/// (``TemplateRenderer/context(for:reads:)``), so that a later build renders the page again only when one of them
/// changed. What is noted is what an edit of a post's presentation (its body, title, summary, `updated`, params)
/// can change; everything else a page shows follows from the site's shape (``PageDependencies``).
///
/// A page reads a post whole (its own page: the body, the table of contents, the params) or only as its card
/// (a list, the related posts, the links to the previous and next post): such a page changes only when a card
/// value that some template names changed (``ChangedPosts/cards``), not when, say, only the word count did.
/// One recorder belongs to one context being built, on one thread.
package final class PostReads {
    private var whole: [Int] = []
    private var cards: [Int] = []

    /// Notes that post `index` was read whole.
    func note(_ index: Int) { whole.append(index) }

    /// Notes that only post `index`'s card values were read.
    func noteCard(_ index: Int) { cards.append(index) }

    /// The posts read, each once, in ascending order.
    var recorded: ReadPosts { ReadPosts(whole: Self.unique(whole), cards: Self.unique(cards)) }

    private static func unique(_ indices: [Int]) -> [Int] {
        var unique: [Int] = []
        unique.reserveCapacity(indices.count)
        for index in indices.sorted() where unique.last != index { unique.append(index) }
        return unique
    }
}

/// What one page read of the posts (``PostReads``), as kept with the page: the posts it read whole and those it
/// read only as cards, each list ascending.
package struct ReadPosts: Sendable, Equatable {
    package var whole: [Int]
    package var cards: [Int]

    package init(whole: [Int] = [], cards: [Int] = []) {
        self.whole = whole
        self.cards = cards
    }
}

/// The posts an edit changed, by index into ``Site/posts``: every post whose presentation changed, and among them
/// those whose card changed in a value that a template of the theme names.
package struct ChangedPosts: Sendable, Equatable {
    package var posts: Set<Int>
    package var cards: Set<Int>

    package init(posts: Set<Int>, cards: Set<Int>) {
        self.posts = posts
        self.cards = cards
    }

    /// Whether a page that read `reads` may show a change: then it is made again, by `sitegen build` and by
    /// `serve` alike.
    package func areShown(by reads: ReadPosts) -> Bool {
        reads.whole.contains(where: posts.contains) || reads.cards.contains(where: cards.contains)
    }
}
