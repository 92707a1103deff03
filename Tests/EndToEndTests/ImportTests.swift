import Foundation
import Testing

/// `sitegen import jekyll|hugo`: a generated blog with every construct the importer converts (and some it cannot)
/// becomes a site whose `check --strict` passes, whose pages hold the converted content, and where every old URL
/// answers, directly or by a redirect page; the blog's folder is left as it was.
@Suite struct ImportTests {
    /// Where a redirect page at `path` leads, or `nil` when it is not one.
    private func redirectTarget(_ output: URL, _ path: String) -> String? {
        guard let html = try? read(output, path), let start = html.range(of: "http-equiv=\"refresh\" content=\"0; url=") else {
            return nil
        }
        return String(html[start.upperBound...].prefix { $0 != "\"" })
    }

    /// A blog imported, checked and built; it keeps its folders for as long as it is held.
    private struct Imported {
        let blog: TemporaryFolder
        let target: TemporaryFolder
        let result: ProcessOutput
        var output: URL { target.url.appendingPathComponent("out") }
        var site: URL { target.url.appendingPathComponent("site") }
    }

    /// A blog of `files` (by relative path) imported with `generator`, its new site checked strictly and built.
    private func importAndBuild(_ generator: String, _ files: [String: String]) throws -> Imported {
        let blog = try TemporaryFolder()
        for (path, text) in files { try blog.write(path, text) }
        let before = snapshot(blog.url)
        let target = try TemporaryFolder()
        let site = target.url.appendingPathComponent("site")
        let result = try sitegen("import", generator, blog.url.path, "--into", site.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(snapshot(blog.url) == before, "the blog's folder is only read")
        let check = try sitegen("check", "--strict", "--source", site.path)
        #expect(check.status == 0, "\(check.stderr)")
        let imported = Imported(blog: blog, target: target, result: result)
        let build = try sitegen("build", "--source", site.path, "--output", imported.output.path)
        #expect(build.status == 0, "\(build.stderr)")
        return imported
    }

    @Test func aJekyllBlogKeepsItsContentAndEveryOldURL() throws {
        let firstPost = """
            ---
            layout: post
            title: First post
            date: 2019-04-25 9:00:00 +0000
            categories: ruby web
            redirect_from: /old-first/
            ---
            Hello from {{ site.title }}: [the next]({% post_url 2019-05-01-second %}), ![pic]({{ site.baseurl }}/assets/a.png), [about]({% link about.md %}).

            {% highlight ruby linenos %}
            puts "hi"
            {% endhighlight %}

            {% raw %}Kept {{ literally }}{% endraw %}

            {% include note.html %}

            * TOC
            {:toc}

            An [external](https://example.org){:target="_blank"} link, [home]({{ "/" | relative_url }}), ![b]({{ site.baseurl | prepend: site.url }}/assets/a.png).

            {%- highlight swift -%}
            let x = 1
            {%- endhighlight -%}
            {: .note}

            """
        let imported = try importAndBuild(
            "jekyll",
            [
                "_config.yml": "title: Old Blog\nurl: https://ada.example.com\nbaseurl: /blog\ntimezone: UTC\npermalink: date\n",
                "_posts/2019-04-25-first-post.md": firstPost,
                "_posts/2019-05-01-second.markdown": "---\nlayout: custom\ntitle: Second\n---\nThis is {{ page.title }}.\n",
                "_drafts/idea.md": "---\ntitle: An idea\n---\nDraft.\n", "about.md": "---\nlayout: page\ntitle: About\n---\nAbout me.\n",
                "assets/a.png": "PNG", "_layouts/custom.html": "<html>{{ content }}</html>",
                "_posts/2019-06-01-html-post.html":
                    "---\ntitle: In HTML\ntags: swift notes\ncomments: true\n---\n<p>Written in <em>HTML</em>.</p>\n",
                "_posts/2019-07-01-hidden.md": "---\ntitle: Hidden\npublished: false\n---\nNot yet.\n",
                "contact.html": "---\nlayout: page\ntitle: Contact\n---\n<p>Write to {{ site.title }}.</p>\n",
                "_posts/2014-3-3-Hello-World.md": "---\nlayout: post\ntitle: Up and running\n---\nHello.\n",
                "style.scss": "---\n---\n@import \"variables\";\n", "CNAME": "ada.example.com\n",
                "_posts/old/2014-3-3-Hello-World.md": "---\ntitle: Older namesake\n---\nSame file name, another folder.\n",
            ])
        let output = imported.output
        #expect(
            imported.result.stderr.contains(
                "_posts/2019-04-25-first-post.md:16:1: warning: `{% include note.html %}` has no sitegen equivalent"))
        #expect(imported.result.stderr.contains("_posts/2019-05-01-second.markdown:1:1: warning: `layout: custom` is dropped"))

        // Jekyll's `date` style without categories is sitegen's pattern; with them, the old URL redirects.
        let first = try read(output, "2019/04/25/first-post.html")
        #expect(first.contains("Hello from Old Blog"))
        #expect(first.contains("href=\"/blog/2019/05/01/second.html\""))
        #expect(first.contains("src=\"/blog/assets/a.png\""))
        #expect(first.contains("href=\"/blog/about/\""))
        #expect(first.contains("<pre tabindex=\"0\"><code class=\"language-ruby\">"))
        #expect(first.contains("Kept {{ literally }}"))
        #expect(first.contains("<code>{% include note.html %}</code>"), "left readable")
        #expect(first.contains("An <a href=\"https://example.org\">external</a> link,"), "kramdown attributes go")
        #expect(
            first.contains("<a href=\"/blog/\">home</a>")
                && first.contains("<img src=\"/blog/assets/a.png\" srcset=\"/blog/assets/a.png 2w\"")
                && first.contains("alt=\"b\""))
        #expect(first.contains("<pre tabindex=\"0\"><code class=\"language-swift\">"), "whitespace control in a highlight tag")
        #expect(!first.contains("{:") && !first.contains(">TOC<"))
        #expect(first.contains("href=\"/blog/tags/ruby/\""), "categories are tags")
        #expect(try read(output, "2019/05/01/second.html").contains("This is Second."))
        for old in ["ruby/web/2019/04/25/first-post.html", "old-first/index.html"] {
            #expect(redirectTarget(output, old) == "/blog/2019/04/25/first-post.html", "\(old)")
        }
        #expect(redirectTarget(output, "about.html") == "/blog/about/")
        #expect(redirectTarget(output, "contact.html") == "/blog/contact/", "an HTML page is a page too")
        // Jekyll Now's one-digit file-name dates; the old path differs in case only, so the page keeps it.
        #expect(try read(output, "2014/03/03/Hello-World.html").contains("Up and running"))
        #expect(
            FileManager.default.fileExists(
                atPath: imported.target.url.appendingPathComponent("site/content/posts/2014-3-3-old-Hello-World.md").path),
            "a namesake in another folder keeps it in its name")
        #expect(try read(output, "2014/03/03/old-hello-world.html").contains("Older namesake"))
        #expect(
            imported.result.stderr.contains(
                "_posts/old/2014-3-3-Hello-World.md:1:1: warning: its old URL /2014/03/03/Hello-World.html was another page's too"))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("style.scss").path), "Sass is not copied raw")
        #expect(imported.result.stderr.contains("style.scss:1:1: warning: a file Jekyll processes"))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("CNAME").path))
        #expect(try read(output, "contact/index.html").contains("<p>Write to Old Blog.</p>"))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("assets/a.png").path))
        #expect(try read(imported.target.url, "site/content/posts/idea.md").contains("draft: true"), "a draft stays one")
        let html = try read(output, "2019/06/01/html-post.html")
        #expect(html.contains("<p>Written in <em>HTML</em>.</p>"))
        #expect(html.contains("href=\"/blog/tags/swift/\"") && html.contains("href=\"/blog/tags/notes/\""), "space-separated tags")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("2019/07/01/hidden.html").path), "published: false")
    }

    @Test func aHugoBlogKeepsItsContentAndEveryOldURL() throws {
        let firstPost = """
            +++
            title = "First Hugo post"
            date = 2021-03-04T10:00:00Z
            tags = ["go", "hugo"]
            +++
            Read [the second]({{< relref "posts/second.md" >}}).

            {{< highlight go >}}
            fmt.Println("hi")
            {{< /highlight >}}

            {{< figure src="/images/pic.png" alt="A pic" caption="The caption" >}}

            {{< youtube abc123 >}}

            """
        let imported = try importAndBuild(
            "hugo",
            [
                "hugo.toml":
                    "baseURL = \"https://hugo.example.org/\"\ntitle = \"Hugo Notes\"\n\n[permalinks]\n  posts = \"/:year/:month/:slug/\"\n",
                "content/posts/first.md": firstPost,
                "content/posts/second.md":
                    "---\ntitle: Second\ndate: 2021-04-01\nslug: the-second\naliases: [/old/second/]\n---\nBack to [first]({{< ref \"first\" >}}).\n",
                "content/posts/trip/index.md": "---\ntitle: Trip\ndate: 2021-05-01\n---\n![x](photo.png)\n",
                "content/posts/trip/photo.png": "PNG", "content/posts/_index.md": "---\ntitle: Posts\n---\n",
                "content/about.md": "---\ntitle: About\n---\nMe.\n", "static/images/pic.png": "PNG",
                "content/posts/first.fr.md": "---\ntitle: Premier\ndate: 2021-03-04\n---\nBonjour.\n",
                "content/posts/migrate.md":
                    "+++\ntitle = \"Migrate\"\ndate = \"2014-03-10\"\ntags = [\n    \"migrate\",\n    \"hugo\",\n]\n+++\n"
                    + "A template:\n\n    {{ with .Get \"class\" }}class=\"{{.}}\"{{ end }}\n    {% image full x.jpg %}\n\nDone.\n",
            ])
        let output = imported.output
        #expect(!imported.result.stderr.contains("youtube"), "Hugo's youtube shortcode is converted")
        #expect(try read(imported.site, "content/posts/first.md").contains("\n\nhttps://www.youtube.com/watch?v=abc123\n\n"))

        let first = try read(output, "2021/03/first/index.html")
        #expect(first.contains("href=\"/2021/04/the-second/\""))
        #expect(first.contains("<pre tabindex=\"0\"><code class=\"language-go\">"))
        #expect(first.contains("<img src=\"/images/pic.png\" srcset=\"/images/pic.png 2w\"") && first.contains("alt=\"A pic\""))
        #expect(first.contains("<em>The caption</em>"))
        #expect(try read(output, "2021/04/the-second/index.html").contains("href=\"/2021/03/first/\""))
        #expect(try read(output, "2021/05/trip/index.html").contains("src=\"/2021/05/trip/photo.png\""))
        // Hugo's `:slug` is the title made a slug when there is no `slug:`; that old URL redirects.
        #expect(redirectTarget(output, "2021/03/first-hugo-post/index.html") == "/2021/03/first/")
        #expect(redirectTarget(output, "old/second/index.html") == "/2021/04/the-second/")
        #expect(try read(output, "about/index.html").contains("Me."))
        #expect(imported.result.stderr.contains("content/posts/first.fr.md:1:1: warning: a translation"))
        // Indented code is code: its template tags stay as written.
        let migrate = try read(output, "2014/03/migrate/index.html")
        #expect(migrate.contains("{% image full x.jpg %}") && migrate.contains("{{ with .Get &quot;class&quot; }}"))
        #expect(migrate.contains("href=\"/tags/migrate/\""), "a TOML array over several lines")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("images/pic.png").path))
    }

    @Test func aLinkOutOfTheBlogIsNotFollowed() throws {
        let blog = try TemporaryFolder()
        let outside = try TemporaryFolder()
        try outside.write("secret.txt", "top secret")
        try blog.write("_config.yml", "title: B\nurl: https://b.example\n")
        try blog.write("_posts/2020-01-01-a.md", "---\ntitle: A\n---\nA.\n")
        try FileManager.default.createDirectory(at: blog.url.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: blog.url.appendingPathComponent("assets/secret.txt"), withDestinationURL: outside.url.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(
            at: blog.url.appendingPathComponent("_posts/2020-01-02-leak.md"),
            withDestinationURL: outside.url.appendingPathComponent("secret.txt"))
        let target = try TemporaryFolder()
        let result = try sitegen("import", "jekyll", blog.url.path, "--into", target.url.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("leads outside the site folder"))
        #expect(!FileManager.default.fileExists(atPath: target.url.appendingPathComponent("content/assets/secret.txt").path))
        #expect(!FileManager.default.fileExists(atPath: target.url.appendingPathComponent("content/posts/2020-01-02-leak.md").path))
    }

    @Test func importNeverReplacesAFile() throws {
        let blog = try TemporaryFolder()
        try blog.write("_config.yml", "title: B\n")
        try blog.write("_posts/2020-01-01-a.md", "---\ntitle: A\n---\nA.\n")
        let target = try TemporaryFolder()
        try target.write("site.yml", "title: Mine\n")
        let result = try sitegen("import", "jekyll", blog.url.path, "--into", target.url.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("site.yml already exists; nothing was written"))
        #expect(try read(target.url, "site.yml") == "title: Mine\n")
        #expect(!FileManager.default.fileExists(atPath: target.url.appendingPathComponent("content").path))
    }

    // MARK: what real blogs hold (each a small fixture of our own for a failure seen on a real blog)

    /// An old Jekyll blog: no `_config.yml`, posts in category folders, Windows line ends, Liquid comments,
    /// `updated: October 10, 2015`, a Liquid list of posts as a page, links to the theme's feed and 404 page, and
    /// a script building links in a page.
    @Test func aJekyllBlogWithoutConfigAndWithItsEraHabitsImports() throws {
        let imported = try importAndBuild(
            "jekyll",
            [
                "CNAME": "old.example.org\n",
                "_posts/notes/2005-09-19-new-site.html": "---\r\nlayout: post\r\ntitle: New site\r\nupdated: October 10, 2015\r\n---\r\n"
                    + "<p>The feed is <a href=\"/atom.xml\">here</a>.</p>\r\n",
                "_posts/2015-5-6-started.md": "---\nlayout: post\ntitle: Started\n---\nFirst {% comment %}hidden{% endcomment %}words.\n\n"
                    + "{% comment %}\n{% include secret.html %}\n{% endcomment %}\n\n[Feed](/atom.xml) and [missing](/404).\n",
                "blog.html":
                    "---\nlayout: master\ntitle: Blog\n---\n{% for post in site.posts %}<a href='{{post.url}}'>x</a>{% endfor %}\n",
                "projects.html":
                    "---\ntitle: Projects\n---\n<ul id=\"p\"></ul>\n<script>p.innerHTML = '<a href=\"' + this.url + '\">';</script>\n",
                "atom.xml": "---\n---\n<feed></feed>\n",
                "_posts/2007-11-19-empty.html": "---\nlayout: post\ntitle: Empty\n---\n",
                "_posts/2008-01-01-included.md": "---\ntitle: Included\n---\nBefore.\n\n{% include_relative parts/part.md %}\n",
                "_posts/parts/part.md": "---\ntitle: Part\n---\nThe included part.\n",
            ])
        let stderr = imported.result.stderr
        #expect(stderr.contains("blog.html:1:1: warning: a list of posts that Liquid fills in"))
        #expect(stderr.contains("_posts/2007-11-19-empty.html:1:1: warning: the post has no text, so it is imported as a draft"))
        #expect(try read(imported.site, "content/posts/2008-01-01-included.md").contains("Before.\n\nThe included part."))
        #expect(!stderr.contains("comment"), "Liquid comments are dropped, never left as code: \(stderr)")
        let started = try read(imported.site, "content/posts/2015-5-6-started.md")
        #expect(started.contains("First words.") && !started.contains("secret") && !started.contains("hidden"))
        #expect(started.contains("[Feed](/feed.xml)") && started.contains("[missing](/404.html)"))
        let newSite = try read(imported.site, "content/posts/2005-09-19-new-site.md")
        #expect(!newSite.contains("\r"), "line ends are \\n")
        #expect(try read(imported.site, "site.yml").contains("base_url: \"https://old.example.org/\""))
        #expect(try read(imported.output, "2005/09/19/new-site.html").contains("2015-10-10"))
    }

    /// A Hugo site as themes lay it out: two files that become one page, a top-level bundle, PaperMod's `cover`
    /// mapping and `search`/`archives` pages, `series` as a list, Hugo's date fields, a layout without a
    /// template, and the built-in embed shortcodes.
    @Test func aHugoSiteAsThemesLayItOutImports() throws {
        let imported = try importAndBuild(
            "hugo",
            [
                "hugo.toml": "baseURL = \"https://hugo.example.org/\"\ntitle = \"Themes\"\n[params]\n  author = \"Ada\"\n",
                "content/about.md": "+++\ntitle = \"About\"\n+++\nAbout me.\n",
                "content/homepage/about.md": "---\ntitle: About the home page\n---\nAnother about.\n",
                "content/now/index.md": "---\ntitle: Now\nlayout: archives-custom\n---\nWhat I do now, by {{< param \"author\" >}}.\n",
                "content/search.md": "---\ntitle: Search\nlayout: \"search\" # is necessary\n---\n",
                "content/archives.md": "---\ntitle: Archive\nlayout: archives\n---\n",
                "content/posts/themes.md": "+++\ntitle = \"Themes\"\ndate = \"2024-01-02\"\nlastmod = \"2024-02-03\"\n"
                    + "series = [\"Themes Guide\"]\n[cover]\n  image = \"cover.png\"\n+++\n"
                    + "{{< youtube w7Ft2ymGmfc >}}\n\n{{< x user=\"golang\" id=\"123\" >}}\n\n{{< gist spf13 7896402 >}}\n\n"
                    + "{{< vimeo 146022717 >}}\n\n{{< instagram BWNjjyYFxVx >}}\n\n{{< qr text=\"https://example.org/q\" />}}\n",
                "content/posts/later.md": "---\ntitle: Later\ndate: 2024-01-01\npublishDate: 2024-03-01\nexpiryDate: 2024-04-01\n"
                    + "cover:\n  image: wide.png\n  alt: Wide\nseries: [One, Two]\n---\nLater.\n",
                "static/cover.png": "png", "static/wide.png": "png",
            ])
        let stderr = imported.result.stderr
        #expect(
            stderr.contains("content/homepage/about.md:1:1: warning: content/about.md and this file would both be content/pages/about.md"))
        #expect(stderr.contains("content/search.md:1:1: warning: sitegen makes this page itself (at /search/)"))
        #expect(stderr.contains("content/archives.md:1:1: warning: sitegen makes this page itself (at /archive/)"))
        #expect(stderr.contains("content/now/index.md:1:1: warning: `layout: archives-custom` is dropped"))
        #expect(stderr.contains("content/posts/later.md:1:1: warning: expired on 2024-04-01, so it is imported as a draft"))
        #expect(!stderr.contains("has no sitegen equivalent"), "\(stderr)")
        #expect(FileManager.default.fileExists(atPath: imported.output.appendingPathComponent("about-2/index.html").path))
        #expect(try read(imported.output, "now/index.html").contains("What I do now, by Ada."))
        let themes = try read(imported.site, "content/posts/themes.md")
        #expect(themes.contains("updated: \"2024-02-03\"") && themes.contains("cover: \"cover.png\""))
        for url in [
            "https://www.youtube.com/watch?v=w7Ft2ymGmfc", "https://x.com/golang/status/123", "https://gist.github.com/spf13/7896402",
            "https://vimeo.com/146022717", "https://www.instagram.com/p/BWNjjyYFxVx/",
        ] {
            #expect(themes.contains("\n\(url)\n"), "\(url) on a line of its own")
        }
        #expect(themes.contains("<https://example.org/q>"), "a QR code's text is a link")
        let later = try read(imported.site, "content/posts/later.md")
        #expect(later.contains("date: \"2024-03-01\"") && later.contains("draft: true") && later.contains("cover: \"wide.png\""))
        #expect(try read(imported.output, "posts/themes/index.html").contains("Themes Guide"))
    }

    /// `include_relative` reads only files of the blog: a name that climbs out of it is left as it was.
    @Test func includeRelativeDoesNotReadOutOfTheBlog() throws {
        let outside = try TemporaryFolder()
        try outside.write("secret.txt", "top secret")
        let blog = try TemporaryFolder()
        let climb = String(repeating: "../", count: blog.url.pathComponents.count + 1) + outside.url.path.dropFirst() + "/secret.txt"
        try blog.write(
            "_posts/2020-01-01-a.md", "---\ntitle: A\n---\n{% include_relative \(climb) %}\n\n{% include_relative ../../secret.txt %}\n")
        let target = try TemporaryFolder()
        let site = target.url.appendingPathComponent("site")
        let result = try sitegen("import", "jekyll", blog.url.path, "--into", site.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!(try read(site, "content/posts/2020-01-01-a.md")).contains("top secret"))
        #expect(result.stderr.contains("_posts/2020-01-01-a.md:4:1: warning: `{% include_relative"))
    }

    /// A failed import leaves nothing behind and says why in sitegen's words, naming the files.
    @Test func aFailedImportLeavesNothingAndSaysWhyInItsOwnWords() throws {
        let blog = try TemporaryFolder()
        try blog.write("_posts/2020-01-01-a.md", "---\ntitle: A\n---\nA.\n")
        let target = try TemporaryFolder()
        try target.write("file", "a file, not a folder")
        let into = target.url.appendingPathComponent("file/site")
        let result = try sitegen("import", "jekyll", blog.url.path, "--into", into.path)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: cannot create \(target.url.appendingPathComponent("file").path): "), "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("Error Domain"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.url.path) == ["file"], "no staging folder is left")
    }

    /// Sections, bundles with folders of their own, links written relative to a page's URL, math escaped for
    /// markdown, a key written twice, one tag in two spellings and a dated file name: each as a real Hugo site had it.
    @Test func aHugoSiteWithSectionsBundlesAndEscapedMathImports() throws {
        let imported = try importAndBuild(
            "hugo",
            [
                "config.yaml": "baseURL: https://sections.example.org/\ntitle: Sections\n",
                "content/notes/_index.md": "---\ntitle: Notes\n---\nShort notes, [as a feed](/notes/index.xml).\n",
                "content/teaching/_index.md": "---\ntitle: Teaching\n---\nWhat I teach.\n",
                "content/teaching/act/index.md": "---\ntitle: ACT\n---\n![Board](img/board.png)\n",
                "content/teaching/act/img/board.png": "png",
                "content/classes/index.md": "---\ntitle: Classes\ndraft: true\ndraft: false\n---\n"
                    + "See [ACT](../teaching/act/), [teaching](../teaching/), [notes](/notes/) and [the archive](/archives/).\n",
                "content/posts/2024-03-21-dated.md": "---\ntitle: Dated\ndate: 2025-03-12\ntags: [eBPF, Go]\n---\n"
                    + "Euler: $$\\\\begin{aligned} e^{ix} &= \\\\cos(x) + i\\\\sin(x) \\\\end{aligned}$$ and $a\\_1$.\n",
                "content/posts/other.md": "---\ntitle: Other\ndate: 2025-03-13\ntags: [ebpf, go]\n---\n"
                    + "Back to [the dated one](/posts/2024-03-21-dated/).\n",
                "content/posts/files/data.csv": "a,b\n",
            ])
        let stderr = imported.result.stderr
        #expect(stderr.contains("content/classes/index.md:1:1: warning: `draft` is written twice"))
        #expect(stderr.contains("tag `eBPF` is written `ebpf`") || stderr.contains("tag `ebpf` is written `eBPF`"))
        let classes = try read(imported.site, "content/pages/classes/index.md")
        #expect(classes.contains("[ACT](/teaching/act/)") && classes.contains("[teaching](/teaching/)"))
        #expect(classes.contains("[the archive](/archive/)"))
        #expect(try read(imported.output, "notes/index.html").contains("Short notes"))
        #expect(try read(imported.site, "content/pages/notes.md").contains("(/feed.xml)"))
        #expect(try read(imported.output, "teaching/index.html").contains("ACT"), "a section's page lists its pages")
        #expect(FileManager.default.fileExists(atPath: imported.output.appendingPathComponent("act/img/board.png").path))
        #expect(FileManager.default.fileExists(atPath: imported.output.appendingPathComponent("posts/files/data.csv").path))
        let dated = try read(imported.site, "content/posts/2024-03-21-dated.md")
        #expect(dated.contains("$$\\begin{aligned} e^{ix} &= \\cos(x) + i\\sin(x) \\end{aligned}$$ and $a_1$"), "\\(dated)")
        #expect(dated.contains("/posts/2024-03-21-dated/"), "Hugo's URL of a dated file name is kept as an alias")
        let other = try read(imported.site, "content/posts/other.md")
        let dateds = try read(imported.site, "content/posts/2024-03-21-dated.md")
        #expect(Set([other, dateds].map { $0.contains("ebpf") }).count == 1, "one spelling in both files")
    }

    /// A blog that does not say its address gets GitHub Pages' one from its GitHub remote, as GitHub Pages
    /// fills in `url`; with no remote either, the import says so.
    @Test(arguments: [
        ("https://github.com/Ada/ada.github.io.git", "https://ada.github.io/"),
        ("git@github.com:ada/notes.git", "https://ada.github.io/notes/"),
        ("", ""),
    ])
    func aBlogsAddressComesFromItsGitHubRemote(remote: String, address: String) throws {
        let blog = try TemporaryFolder()
        try blog.write("_config.yml", "title: B\nurl: \"\"\n")
        try blog.write("_posts/2020-01-01-a.md", "---\ntitle: A\n---\nA.\n")
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["sh", "-c", "git init -q && " + (remote.isEmpty ? "true" : "git remote add origin '\(remote)'")]
        git.currentDirectoryURL = blog.url
        try git.run()
        git.waitUntilExit()
        let target = try TemporaryFolder()
        let site = target.url.appendingPathComponent("site")
        let result = try sitegen("import", "jekyll", blog.url.path, "--into", site.path)
        #expect(result.status == 0, "\(result.stderr)")
        let settings = try read(site, "site.yml")
        if address.isEmpty {
            #expect(!settings.contains("base_url"))
            #expect(result.stderr.contains("_config.yml:1:1: warning: the blog does not say its address"))
        } else {
            #expect(settings.contains("base_url: \"\(address)\""), "\(settings)")
        }
    }
}
