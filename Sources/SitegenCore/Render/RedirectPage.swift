import SitegenMarkdown

/// An old path that sends readers and search engines on to where a page is now: a small static page with a
/// meta refresh, a canonical link and a plain link, which works on any static host (GitHub Pages has no
/// server-side redirects). Made for each `aliases` and `redirect_from` entry.
struct RedirectPage: Sendable {
    /// The old path, and the page it now leads to.
    let from: Route
    let to: Route
    /// Where the alias is written, for errors.
    let origin: OutputFile.Origin

    /// The page, with the target's URL under `url`.
    func html(url: SiteURL) -> String {
        let target = escapeHTML(url.path(to.path))
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Moved to \(target)</title>
            <link rel="canonical" href="\(escapeHTML(url.absolute(to.path)))">
            <meta name="robots" content="noindex">
            <meta http-equiv="refresh" content="0; url=\(target)">
            </head>
            <body>
            <p>This page has moved to <a href="\(target)">\(target)</a>.</p>
            </body>
            </html>

            """
    }

    /// The redirects of the published `documents`, in their order.
    static func all(in documents: [Document]) -> [RedirectPage] {
        documents.filter { !$0.aliases.isEmpty }.flatMap { document in
            let position = document.position(of: document.positions["aliases"] == nil ? "redirect_from" : "aliases")
            return document.aliases.map { alias in
                RedirectPage(
                    from: alias, to: SiteBuilder.route(of: document),
                    origin: OutputFile.Origin(path: document.sourcePath, line: position.line))
            }
        }
    }
}
