import SitegenCore
import SitegenMarkdown

/// What the preview server adds to the site's HTML, and never writes to disk: a script that listens for rebuilds
/// and reloads the page, the error page shown in place of a page whose file has an error, and the banner that
/// every other page shows while the build is failing.
enum LiveReload {
    /// The event stream's path under the site's base path.
    static let eventsPath = "__sitegen/events"

    /// `html` with the banner (when `errors` is not empty, or else when the page has `warnings`) and the reload
    /// script before `</body>`.
    static func inject(
        into html: [UInt8], basePath: String, generation: String, errors: [Diagnostic], warnings: [Diagnostic] = []
    ) -> [UInt8] {
        var addition = !errors.isEmpty ? banner(errors) : warnings.isEmpty ? "" : warningBanner(warnings)
        addition += script(basePath: basePath, generation: generation)
        var result = html
        result.insert(contentsOf: addition.utf8, at: closingBodyIndex(in: html) ?? html.endIndex)
        return result
    }

    /// Where the last `</body>` starts, in any letter case.
    static func closingBodyIndex(in html: [UInt8]) -> Int? {
        let tag = Array("</body".utf8)
        var index = html.count - tag.count
        while index >= 0 {
            if html[index] == UInt8(ascii: "<"),
                zip(html[index..<index + tag.count], tag).allSatisfy({ $0 | 0x20 == $1 | 0x20 })
            {
                return index
            }
            index -= 1
        }
        return nil
    }

    /// Listens to the event stream and reloads when a build newer than the page's own is announced. The stream
    /// announces the current build on connecting, so a build missed while the page loaded, or while the server
    /// restarted, still reloads it.
    static func script(basePath: String, generation: String) -> String {
        """
        <script data-sitegen-live-reload>
        (() => {
          const served = "\(generation)";
          const events = new EventSource("\(basePath)\(eventsPath)");
          events.onopen = () => { document.documentElement.dataset.sitegenLiveReload = "connected"; };
          events.addEventListener("build", (event) => {
            if (event.data !== served) { events.close(); location.reload(); }
          });
        })();
        </script>

        """
    }

    /// A page listing `errors`, shown instead of a page made from a file with an error.
    static func errorPage(_ errors: [Diagnostic], basePath: String, generation: String) -> [UInt8] {
        let page = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Build failed · sitegen</title>
            <style>
            body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem; background: #1d1f21; color: #f0f0f0; }
            h1 { font-size: 1.4rem; color: #ff8a80; margin-top: 0; }
            ol { padding: 0; list-style: none; }
            li { background: #2b2d30; border-left: 4px solid #ff5252; padding: .75rem 1rem; margin-bottom: .75rem; }
            code { font: 14px/1.4 ui-monospace, monospace; color: #ffd180; }
            p { color: #bbb; }
            </style>
            </head>
            <body>
            <h1>Build failed</h1>
            \(list(errors))
            <p>The page reloads when the files are fixed. Other pages show the last site that built.</p>
            </body>
            </html>

            """
        return inject(into: Array(page.utf8), basePath: basePath, generation: generation, errors: [])
    }

    /// A box over the top of a page saying the latest build failed.
    private static func banner(_ errors: [Diagnostic]) -> String {
        """
        <div data-sitegen-build-errors style="position:fixed;z-index:2147483647;top:0;left:0;right:0;max-height:40vh;overflow:auto;\
        margin:0;padding:.75rem 1rem;background:#2b2d30;color:#f0f0f0;border-bottom:4px solid #ff5252;\
        font:14px/1.4 system-ui,sans-serif">
        <strong style="color:#ff8a80">Build failed</strong>: this page is from the last build that worked.
        \(list(errors))
        </div>

        """
    }

    /// A quieter box at the bottom of a page whose file has warnings: it built, but not all as meant.
    private static func warningBanner(_ warnings: [Diagnostic]) -> String {
        """
        <div data-sitegen-build-warnings style="position:fixed;z-index:2147483647;bottom:0;left:0;right:0;max-height:30vh;\
        overflow:auto;margin:0;padding:.75rem 1rem;background:#2b2d30;color:#f0f0f0;border-top:4px solid #ffb300;\
        font:14px/1.4 system-ui,sans-serif">
        <strong style="color:#ffd54f">\(warnings.count == 1 ? "1 warning" : "\(warnings.count) warnings")</strong> in this page's file.
        \(list(warnings))
        </div>

        """
    }

    private static func list(_ errors: [Diagnostic]) -> String {
        let items = errors.map { error in
            "<li><code>\(escapeHTML("\(error.path):\(max(error.line, 1)):\(max(error.column, 1))"))</code> \(escapeHTML(error.message))</li>"
        }
        return "<ol style=\"margin:.5rem 0 0\">\n" + items.joined(separator: "\n") + "\n</ol>"
    }
}
