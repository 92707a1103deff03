/// The posts whose values one page's context read, noted as the context is built
/// (``TemplateRenderer/context(for:reads:)``), so that a later build renders the page again only when one of them
/// changed. What is noted is what an edit of a post's presentation (its body, title, summary, `updated`, params)
/// can change; everything else a page shows follows from the site's shape (``PageDependencies``).
/// One recorder belongs to one context being built, on one thread.
package final class PostReads {
    private var indices: [Int] = []

    /// Notes that post `index` was read.
    func note(_ index: Int) { indices.append(index) }

    /// Notes that the posts at `indices` were read.
    func note(_ indices: some Sequence<Int>) { self.indices.append(contentsOf: indices) }

    /// The posts read, each once, in ascending order.
    var posts: [Int] {
        var unique: [Int] = []
        unique.reserveCapacity(indices.count)
        for index in indices.sorted() where unique.last != index { unique.append(index) }
        return unique
    }

    /// Whether a page whose values read `posts` shows any of `edited`: then it is made again, by `sitegen build`
    /// and by `serve` alike.
    package static func show(_ posts: [Int], anyOf edited: Set<Int>) -> Bool { posts.contains(where: edited.contains) }

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
