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

    /// Ascending post indices as runs, `3-7,9,12-13`, or `.` for none: an archive reads every post, so a list of
    /// ranges is short.
    static func text(of posts: [Int]) -> String {
        if posts.isEmpty { return "." }
        var text = ""
        var position = 0
        while position < posts.count {
            var end = position
            while end + 1 < posts.count, posts[end + 1] == posts[end] + 1 { end += 1 }
            if !text.isEmpty { text += "," }
            text += end == position ? String(posts[position]) : "\(posts[position])-\(posts[end])"
            position = end + 1
        }
        return text
    }

    /// The post indices of ``text(of:)``'s text; `nil` for anything else, or for indices not ascending.
    static func posts(in text: some Collection<UInt8>) -> [Int]? {
        var posts: [Int] = []
        if text.elementsEqual(".".utf8) { return posts }
        for run in text.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            let bounds = run.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
            guard bounds.count == 1 || bounds.count == 2, let first = Self.number(bounds[0]),
                let last = bounds.count == 2 ? Self.number(bounds[1]) : first, first <= last, first > (posts.last ?? -1)
            else { return nil }
            posts.append(contentsOf: first...last)
        }
        return posts
    }

    /// A decimal number of at most nine digits.
    private static func number(_ digits: some Collection<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
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

    /// The highest post index read, or -1.
    var last: Int { max(whole.last ?? -1, cards.last ?? -1) }

    /// The two lists as ``PostReads/text(of:)`` writes them, joined by `/`.
    var text: String { PostReads.text(of: whole) + "/" + PostReads.text(of: cards) }

    /// The reads of ``text``; `nil` for anything else.
    init?(text: some Collection<UInt8>) {
        let parts = text.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count == 2, let whole = PostReads.posts(in: parts[0]), let cards = PostReads.posts(in: parts[1]) else {
            return nil
        }
        self.init(whole: whole, cards: cards)
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
