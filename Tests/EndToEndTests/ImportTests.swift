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
        #expect(imported.result.stderr.contains("_posts/2019-05-01-second.markdown:1:1: warning: layout `custom` has no sitegen template"))

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
        #expect(first.contains("<a href=\"/blog/\">home</a>") && first.contains("<img src=\"/blog/assets/a.png\" alt=\"b\""))
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
        #expect(imported.result.stderr.contains("content/posts/first.md:14:1: warning: `{{< youtube abc123 >}}` has no sitegen equivalent"))

        let first = try read(output, "2021/03/first/index.html")
        #expect(first.contains("href=\"/2021/04/the-second/\""))
        #expect(first.contains("<pre tabindex=\"0\"><code class=\"language-go\">"))
        #expect(first.contains("<img src=\"/images/pic.png\" alt=\"A pic\""))
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
}
