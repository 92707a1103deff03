import Foundation
import SitegenMarkdown

/// Converts the template tags of a Jekyll post (Liquid) or a Hugo post (shortcodes) into the markdown sitegen
/// publishes: code highlighting into fenced code, links to other posts into relative `.md` links (which the build
/// resolves and checks), site and page variables into their values; `raw` markers are dropped with their text
/// kept. Code, fenced or indented, is left as written. Every tag it cannot convert is kept as inline code,
/// readable, and reported.
struct TemplateTags {
    /// What `{{ site.X }}` and `{{ page.X }}` (Jekyll) or `{{ .Site.X }}` (Hugo) become.
    var values: [String: String]
    /// The link for a `post_url`, `link`, `ref` or `relref` target, as written; `nil` when it names nothing imported.
    var link: (String) -> String?
    /// The page's old URL, against which a browser resolved its relative links to other pages (Hugo's
    /// `../teaching/`); `nil` to leave them as written.
    var pageURL: String?
    /// Whether the blog's math went through markdown before its browser script typeset it (Hugo without
    /// goldmark's `passthrough`), so that its writer escaped it for markdown (`\\cos`, `\_`): such math is
    /// unescaped, as sitegen keeps math away from markdown.
    var unescapesMath = false
    /// The text of a file named relative to the document (Jekyll's `include_relative`); `nil` when there is none.
    var includeRelative: (String) -> String? = { _ in nil }

    init(values: [String: String], pageURL: String? = nil, unescapesMath: Bool = false, link: @escaping (String) -> String?) {
        self.values = values
        self.pageURL = pageURL
        self.unescapesMath = unescapesMath
        self.link = link
    }

    /// `body` converted, and a warning for each tag left as it was.
    func convert(_ body: String, path: String, firstLine: Int) -> (String, [Diagnostic]) {
        var output: [String] = []
        var problems: [Diagnostic] = []
        var fence: String?
        // An indented code block: lines indented by four spaces or a tab after a blank line, until a line that is not.
        var indentedCode = false
        var previousBlank = true
        // The end marker of the comment (`{% comment %}`, `{{< comment >}}`, `{{/* */}}`) being skipped.
        var commentEnd: [String]?
        // Whether a `$$` display formula is open across lines.
        var inDisplayMath = false
        for (offset, written) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(written)
            if fence == nil {
                (line, commentEnd) = Self.removingComments(from: line, open: commentEnd)
                if line.isEmpty, !written.isEmpty { continue }
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            defer { previousBlank = trimmed.isEmpty }
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                output.append(line)
                continue
            }
            let indented = line.hasPrefix("    ") || line.hasPrefix("\t")
            indentedCode = indented && (indentedCode || previousBlank) || (indentedCode && trimmed.isEmpty)
            if indentedCode {
                output.append(line)
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix(3))
                output.append(line)
                continue
            }
            // Kramdown's attribute lists (`{: .note}`, `{:toc}`, `[x](y){:target="_blank"}`) mean nothing to
            // cmark-gfm; a line of one goes, with the `* TOC` list item kramdown replaces by a table of contents.
            if trimmed.hasPrefix("{:"), trimmed.hasSuffix("}") {
                if trimmed == "{:toc}", let last = output.last?.trimmingCharacters(in: .whitespaces), last == "* TOC" || last == "- TOC" {
                    output.removeLast()
                }
                continue
            }
            if let language = highlightStart(trimmed) {
                output.append("```" + language)
                continue
            }
            if isHighlightEnd(trimmed) {
                output.append("```")
                continue
            }
            let (converted, left) = replaceTags(in: Self.removingAttributeLists(from: line))
            for tag in left {
                problems.append(
                    .warning(
                        path, firstLine + offset, tag.column,
                        "`\(tag.text)` has no sitegen equivalent; it is kept as code for you to rewrite as markdown or remove"))
            }
            var resolved = pageURL.map { Self.resolvingPageLinks(in: converted, from: $0) } ?? converted
            if unescapesMath, resolved.contains("$") || inDisplayMath {
                resolved = Self.unescapingMath(in: resolved, inDisplay: &inDisplayMath)
            }
            output.append(Self.linkingSitegenFiles(resolved))
        }
        return (output.joined(separator: "\n"), problems)
    }

    /// `line` with each markdown link to another page written relative to this page's URL (`../teaching/act/`,
    /// no file extension) made root-relative (`/teaching/act/`), so that it names the same page once the page
    /// has its new URL. Links to files (`img/a.png`, `post.md`) stay relative: sitegen resolves them from the
    /// markdown file.
    static func resolvingPageLinks(in line: String, from pageURL: String) -> String {
        guard line.contains("](") else { return line }
        var result = ""
        var rest = Substring(line)
        while let open = rest.range(of: "](") {
            result += rest[..<open.upperBound]
            rest = rest[open.upperBound...]
            let destination = rest.prefix { $0 != ")" && $0 != " " }
            rest = rest[destination.endIndex...]
            result += resolved(String(destination), from: pageURL) ?? String(destination)
        }
        return result + rest
    }

    /// `destination` resolved against `pageURL` when it is a relative link to a page; `nil` otherwise.
    private static func resolved(_ destination: String, from pageURL: String) -> String? {
        guard !destination.isEmpty, !destination.hasPrefix("/"), !destination.hasPrefix("#"), !destination.hasPrefix("<"),
            !destination.contains(":") || (destination.firstIndex(of: "/").map { slash in !destination[..<slash].contains(":") } ?? false),
            !destination.hasPrefix("mailto")
        else { return nil }
        let fragmentStart = destination.firstIndex { $0 == "#" || $0 == "?" } ?? destination.endIndex
        let path = destination[..<fragmentStart]
        let last = path.split(separator: "/").last ?? ""
        guard !last.contains(".") || last == ".." || last == "." else { return nil }
        var segments = pageURL.split(separator: "/").map(String.init)
        if !pageURL.hasSuffix("/") { segments.removeLast(min(1, segments.count)) }
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == ".." {
                segments.removeLast(min(1, segments.count))
            } else if segment != "." {
                segments.append(String(segment))
            }
        }
        return "/" + segments.joined(separator: "/") + (segments.isEmpty ? "" : "/") + destination[fragmentStart...]
    }

    /// `line` with markdown's backslash escapes (a backslash before ASCII punctuation) undone inside `$…$` and
    /// `$$…$$`, as markdown undid them before the blog's math script saw the TeX; `inDisplay` carries an open
    /// `$$` to the next line.
    static func unescapingMath(in line: String, inDisplay: inout Bool) -> String {
        var result = ""
        var inInline = false
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            let next = line.index(after: index)
            if character == "\\", next < line.endIndex {
                let escaped = line[next]
                if (inDisplay || inInline), escaped.isASCII, escaped.isPunctuation || escaped.isSymbol {
                    result.append(escaped)
                } else {
                    result.append(character)
                    result.append(escaped)
                }
                index = line.index(after: next)
                continue
            }
            if character == "$" {
                if next < line.endIndex, line[next] == "$", !inInline {
                    inDisplay.toggle()
                    result += "$$"
                    index = line.index(after: next)
                    continue
                }
                if !inDisplay { inInline.toggle() }
            }
            result.append(character)
            index = next
        }
        return result
    }

    /// The files a Jekyll or Hugo theme generates that sitegen makes at another address, by their old address.
    static let replacedFiles: [String: String] = [
        "/atom.xml": "/feed.xml", "/feed.atom": "/feed.xml", "/rss.xml": "/feed.xml", "/index.xml": "/feed.xml",
        "/feed/": "/feed.xml", "/404": "/404.html", "/index.html": "/", "/archives/": "/archive/", "/archives": "/archive/",
        "/archives.html": "/archive/",
    ]

    /// `line` with its links to those files (markdown's `](…)` and raw HTML's `href="…"`) pointing at sitegen's.
    static func linkingSitegenFiles(_ line: String) -> String {
        guard line.contains("](/") || line.contains("href=\"/") else { return line }
        // A section's feed (Hugo's `/notes/index.xml`) becomes the site's.
        var result = line.replacing(/\]\(\/[^)\s]*\/index\.xml\)/, with: "](/feed.xml)")
        for (old, new) in replacedFiles {
            for (open, closes) in [("](", [")", " "]), ("href=\"", ["\""])] {
                for close in closes { result = result.replacingOccurrences(of: open + old + close, with: open + new + close) }
            }
        }
        return result
    }

    /// Template comments' openers and their closers: Liquid's, Hugo's `comment` shortcode and Go template comments.
    private static let comments: [(open: [String], close: [String])] = [
        (
            ["{% comment %}", "{%- comment -%}", "{%comment%}", "{%  comment %}"],
            ["{% endcomment %}", "{%- endcomment -%}", "{%endcomment%}", "{%  endcomment %}"]
        ),
        (["{{< comment >}}", "{{% comment %}}"], ["{{< /comment >}}", "{{% /comment %}}"]),
        (["{{/*", "{{- /*"], ["*/}}", "*/ -}}"]),
    ]

    /// `line` without the template comments on it (Jekyll and Hugo never publish them), and the closers still
    /// awaited when a comment goes on past it; `open` is the closers awaited from earlier lines.
    static func removingComments(from line: String, open: [String]?) -> (String, [String]?) {
        var kept = ""
        var rest = Substring(line)
        var awaiting = open
        while true {
            if let closers = awaiting {
                guard let end = closers.compactMap({ rest.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }) else {
                    return (kept, awaiting)
                }
                rest = rest[end.upperBound...]
                awaiting = nil
            }
            let starts = comments.flatMap { comment in comment.open.compactMap { rest.range(of: $0).map { ($0, comment.close) } } }
            guard let (start, closers) = starts.min(by: { $0.0.lowerBound < $1.0.lowerBound }) else { return (kept + rest, nil) }
            kept += rest[..<start.lowerBound]
            rest = rest[start.upperBound...]
            awaiting = closers
        }
    }

    /// `line` without kramdown's inline attribute lists (`{:target="_blank"}` after a link).
    static func removingAttributeLists(from line: String) -> String {
        var result = ""
        var rest = Substring(line)
        while let open = rest.range(of: "{:"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            result += rest[..<open.lowerBound]
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// The language of `{% highlight ruby linenos %}` or `{{< highlight go "linenos=table" >}}`.
    private func highlightStart(_ written: String) -> String? {
        let line = written.replacingOccurrences(of: "{%-", with: "{%").replacingOccurrences(of: "-%}", with: "%}")
        for (open, close) in [("{% highlight ", "%}"), ("{{< highlight ", ">}}"), ("{{% highlight ", "%}}")]
        where line.hasPrefix(open) && line.hasSuffix(close) {
            let inside = line.dropFirst(open.count).dropLast(close.count)
            return inside.split(separator: " ").first.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? ""
        }
        return nil
    }

    private func isHighlightEnd(_ line: String) -> Bool {
        let compact = line.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "-", with: "")
        return compact == "{%endhighlight%}" || compact == "{{</highlight>}}" || compact == "{{%/highlight%}}"
    }

    /// Every convertible tag of `line` replaced, and the others, shown as inline code so that they stay readable
    /// and are not taken for tags again, with their columns.
    private func replaceTags(in line: String) -> (String, [(text: String, column: Int)]) {
        var result = ""
        var left: [(text: String, column: Int)] = []
        var rest = Substring(line)
        while let begin = [rest.range(of: "{{"), rest.range(of: "{%")].compactMap({ $0?.lowerBound }).min(),
            let end = closedTag(in: rest[begin...])
        {
            result += rest[..<begin]
            let text = String(rest[begin..<end])
            if let replaced = replacement(for: text) {
                result += replaced
            } else if TemplateSyntax.first(in: Array(text.utf8)) != nil {
                left.append((text, line.utf8.distance(from: line.startIndex, to: begin) + 1))
                result += "`" + text + "`"
            } else {
                result += text
            }
            rest = rest[end...]
        }
        return (result + rest, left)
    }

    /// The end of the tag that opens `text`, on its line.
    private func closedTag(in text: Substring) -> Substring.Index? {
        let close = text.hasPrefix("{{<") ? ">}}" : text.hasPrefix("{{%") ? "%}}" : text.hasPrefix("{%") ? "%}" : "}}"
        return text.range(of: close).map(\.upperBound)
    }

    /// What a tag becomes, or `nil` to keep it.
    private func replacement(for tag: String) -> String? {
        // Liquid's whitespace control (`{%-`, `-%}`, `{{-`) changes nothing here.
        var inside = tag.dropFirst(2).dropLast(2).trimmingCharacters(in: CharacterSet(charactersIn: " -"))
        let shortcode = inside.hasPrefix("<") || inside.hasPrefix("%")
        if shortcode { inside = String(inside.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces) }
        let words = Self.words(inside)
        guard let name = words.first else { return nil }
        if tag.hasPrefix("{%") || shortcode {
            switch name {
            case "raw", "endraw": return ""
            case "post_url", "link", "ref", "relref":
                return words.count > 1 ? link(words[1]) : nil
            case "youtube", "vimeo", "x", "twitter", "tweet", "gist", "instagram":
                return Self.embedLink(name, arguments: Array(words.dropFirst())).map { "\n\n" + $0 + "\n\n" }
            case "include" where words.count > 1 && ["youtube", "vimeo"].contains { words[1].hasPrefix($0) }:
                // A theme's `{% include youtube.html id="…" %}`.
                return Self.embedLink(words[1].hasPrefix("youtube") ? "youtube" : "vimeo", arguments: Array(words.dropFirst(2)))
                    .map { "\n\n" + $0 + "\n\n" }
            case "include_relative" where words.count > 1:
                return includeRelative(words[1])
            case "qr" where shortcode:
                // A QR code of a text: the text itself, a link when it is an address.
                guard
                    let text = Self.attributes(words.dropFirst())["text"]
                        ?? words.dropFirst().first(where: { !$0.contains("=") && $0 != "/" })
                else { return nil }
                return text.hasPrefix("https://") || text.hasPrefix("http://") ? "<\(text)>" : text
            case "param" where words.count > 1:
                return values["param." + words[1]]
            case "details" where shortcode:
                let summary = Self.attributes(words.dropFirst())["summary"] ?? "Details"
                return "<details>\n<summary>\(escapeHTML(summary))</summary>\n\n"
            case "/details" where shortcode:
                return "\n</details>\n"
            case "figure" where shortcode:
                let attributes = Self.attributes(words.dropFirst())
                guard let source = attributes["src"] else { return nil }
                let image = "![\(attributes["alt"] ?? attributes["title"] ?? "")](\(source))"
                return attributes["caption"].map { "\(image)\n*\($0)*" } ?? image
            default: return nil
            }
        }
        // `{{ "/x" | relative_url }}`, `{{ site.baseurl | prepend: site.url }}`: a path and filters that only
        // put the site's address in front of it, which sitegen's links do themselves.
        if words.count >= 3, words[1] == "|",
            words.dropFirst().allSatisfy({ ["|", "relative_url", "absolute_url", "prepend:", "site.url", "site.baseurl"].contains($0) })
        {
            return values[words[0]] ?? words[0]
        }
        guard words.count == 1 else { return nil }
        return values[name]
    }

    /// The page address a Hugo or Jekyll embed shows, on a line of its own so that sitegen renders it as an
    /// embed (see the README's embeds): `youtube ID`, `vimeo ID`, `x user=U id=N` (and the older `twitter`
    /// and `tweet`), `gist USER ID` or `gist USER/ID`, `instagram ID`, by position or by name, or a full URL.
    static func embedLink(_ name: String, arguments: [String]) -> String? {
        let named = attributes(arguments[...])
        let positional = arguments.filter { !$0.contains("=") }
        if let url = positional.first(where: { $0.hasPrefix("https://") || $0.hasPrefix("http://") }) { return url }
        let id = named["id"] ?? positional.first
        switch name {
        case "youtube": return id.map { "https://www.youtube.com/watch?v=\($0)" }
        case "vimeo": return id.map { "https://vimeo.com/\($0)" }
        case "instagram": return id.map { "https://www.instagram.com/p/\($0)/" }
        case "gist":
            if let user = named["user"] ?? (positional.count >= 2 ? positional[0] : nil),
                let gist = named["id"] ?? positional.dropFirst().first
            {
                return "https://gist.github.com/\(user)/\(gist)"
            }
            return positional.first.map { "https://gist.github.com/\($0)" }
        default:
            let user = named["user"] ?? (positional.count >= 2 ? positional[0] : nil)
            guard let post = named["id"] ?? positional.last else { return nil }
            return "https://x.com/\(user ?? "i")/status/\(post)"
        }
    }

    /// `a "b c" d` as `[a, b c, d]`.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == " " {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// `src=a alt=b` as a dictionary.
    static func attributes(_ words: ArraySlice<String>) -> [String: String] {
        var found: [String: String] = [:]
        for word in words {
            guard let equals = word.firstIndex(of: "=") else { continue }
            found[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        return found
    }
}
