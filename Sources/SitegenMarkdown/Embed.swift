/// A link to a video or a post on another site, alone in its paragraph, shown as an embed that loads nothing
/// from that site until the reader asks: a card with the title and the site's name, linking to the page.
///
/// A YouTube or Vimeo video's card plays in place when clicked: the theme's `embed.js` swaps it for the
/// privacy-enhanced player (`youtube-nocookie.com`, Vimeo with `dnt=1`). Without the script, or for posts on X,
/// gists and Instagram posts, the card is a plain link to the page.
struct Embed: Equatable {
    enum Kind: Equatable {
        case youtube(id: String)
        case vimeo(id: String)
        case post(site: String, author: String?)
    }

    var kind: Kind
    /// The page the card links to, as written.
    var url: String

    /// The embed `url` names, or `nil` when it is not a video or post sitegen knows.
    init?(url: String) {
        let lowered = url.lowercased()
        guard let scheme = ["https://", "http://"].first(where: { lowered.hasPrefix($0) }) else { return nil }
        let rest = url.dropFirst(scheme.count)
        let beforeFragment = rest.prefix { $0 != "#" }
        let pathAndHost = beforeFragment.prefix { $0 != "?" }
        let query = beforeFragment.dropFirst(pathAndHost.count + 1)
        let parts = pathAndHost.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let host = parts.first?.lowercased() else { return nil }
        let path = Array(parts.dropFirst())
        let bareHost = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host.hasPrefix("m.") ? String(host.dropFirst(2)) : host
        self.url = url
        switch bareHost {
        case "youtube.com", "youtube-nocookie.com":
            let id: String?
            if path.first == "watch" {
                id = query.split(separator: "&").first { $0.hasPrefix("v=") }.map { String($0.dropFirst(2)) }
            } else if path.count >= 2, ["shorts", "embed", "live", "v"].contains(path[0]) {
                id = path[1]
            } else {
                id = nil
            }
            guard let id, Self.isVideoID(id) else { return nil }
            kind = .youtube(id: id)
        case "youtu.be":
            guard let id = path.first, Self.isVideoID(id) else { return nil }
            kind = .youtube(id: id)
        case "vimeo.com":
            guard let id = path.last, path.count <= 3, !id.isEmpty, id.allSatisfy(\.isASCIIDigit) else { return nil }
            kind = .vimeo(id: id)
        case "x.com", "twitter.com", "mobile.twitter.com":
            guard path.count >= 3, path[1] == "status", path[2].allSatisfy(\.isASCIIDigit) else { return nil }
            kind = .post(site: "X", author: path[0] == "i" ? nil : "@" + path[0])
        case "gist.github.com":
            guard let id = path.last, id.allSatisfy(\.isHexDigit), id.count >= 7 else { return nil }
            kind = .post(site: "GitHub Gist", author: path.count >= 2 ? path[0] : nil)
        case "instagram.com":
            guard path.count >= 2, ["p", "reel", "tv"].contains(path[0]) else { return nil }
            kind = .post(site: "Instagram", author: nil)
        default:
            return nil
        }
    }

    /// YouTube's ids: eleven letters, digits, `-` and `_`.
    private static func isVideoID(_ id: String) -> Bool {
        id.utf8.count == 11
            && id.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte == 0x2D || byte == 0x5F
            }
    }

    /// The site's name, as the card shows it.
    var site: String {
        switch kind {
        case .youtube: return "YouTube"
        case .vimeo: return "Vimeo"
        case .post(let site, _): return site
        }
    }

    /// The player the card becomes when clicked; `nil` for a post.
    var player: String? {
        switch kind {
        case .youtube(let id): return "https://www.youtube-nocookie.com/embed/\(id)?autoplay=1"
        case .vimeo(let id): return "https://player.vimeo.com/video/\(id)?dnt=1&autoplay=1"
        case .post: return nil
        }
    }

    /// The card's HTML. `title` is the link's text, when it says more than the address.
    func html(title: String?) -> String {
        let isVideo = player != nil
        let shown: String
        if let title, !title.isEmpty, title != url {
            shown = title
        } else if case .post(let site, let author?) = kind {
            shown = site == "X" ? "Post by \(author) on X" : "Gist by \(author)"
        } else {
            shown = isVideo ? "Video on \(site)" : "Post on \(site)"
        }
        var html = "<figure class=\"embed embed-\(isVideo ? "video" : "post")\""
        if let player { html += " data-player=\"\(escapeHTML(player))\"" }
        html += "><a class=\"embed-link\" href=\"\(escapeHref(url))\">"
        if isVideo { html += "<span class=\"embed-play\" aria-hidden=\"true\"></span>" }
        html += "<span class=\"embed-title\">\(escapeHTML(shown))</span>"
        html += "<span class=\"embed-site\">\(isVideo ? "Play on" : "View on") \(escapeHTML(site))</span></a></figure>\n"
        return html
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
