import Foundation
import Testing

@testable import SitegenCore

@Suite struct ThemeTests {
    /// The repository's `templates/` folder.
    static let templatesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates")

    @Test func theEmbeddedThemeEqualsTheTemplatesFolder() throws {
        let enumerator = try #require(FileManager.default.enumerator(atPath: Self.templatesFolder.path))
        var templates: [String: String] = [:]
        var assets: [String: String] = [:]
        while let path = enumerator.nextObject() as? String {
            let url = Self.templatesFolder.appendingPathComponent(path)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            if path.hasPrefix("assets/") {
                assets[String(path.dropFirst("assets/".count))] = text
            } else if path.hasSuffix(".mustache") {
                templates[String(path.dropLast(".mustache".count))] = text
            }
        }
        #expect(!templates.isEmpty)
        #expect(templates == DefaultTheme.templates, "run scripts/embed-theme.py after editing templates/")
        #expect(assets == DefaultTheme.assets, "run scripts/embed-theme.py after editing templates/assets/")
    }

    @Test func theBuiltInThemeHasEveryRequiredTemplate() throws {
        let (theme, diagnostics) = Theme.load(templates: [], assets: [])
        #expect(diagnostics.isEmpty)
        let loaded = try #require(theme)
        for name in Theme.requiredTemplates { #expect(loaded.has(name)) }
    }

    @Test func theNamesTemplatesLookUpAreKnownUnlessATransformListsAnObject() throws {
        let named = SourceFile(
            path: "templates/partials/extra.mustache",
            text: "{{#post}}{{author.handle}}{{/post}}{{>*layout_name}}{{<base}}{{$content}}{{shown_in_block}}{{/content}}{{/base}}")
        let names = try #require(Theme.load(templates: [named], assets: []).0?.namesLookedUp)
        #expect(names.isSuperset(of: ["post", "author", "handle", "layout_name", "shown_in_block", "title", "card_html"]))
        #expect(!names.contains("word_count"), "the built-in theme does not show the word count")
        let listing = SourceFile(path: "templates/partials/extra.mustache", text: "{{#sorted(post)}}{{key}}: {{value}}{{/sorted(post)}}")
        let theme = try #require(Theme.load(templates: [listing], assets: []).0)
        #expect(theme.namesLookedUp == nil, "`sorted` shows every field of an object without naming it")
    }

    @Test func aMissingPartialIsAnErrorWithItsName() {
        let broken = SourceFile(path: "templates/post.mustache", text: "<p>\n  {{> partials/nowhere }}\n")
        let (theme, diagnostics) = Theme.load(templates: [broken], assets: [])
        #expect(theme == nil)
        #expect(
            diagnostics.map(\.description) == [
                "templates/post.mustache:2:3: error: template `partials/nowhere` does not exist; add templates/partials/nowhere.mustache"
            ])
    }

    @Test func aTemplateThatDoesNotParseIsAnErrorWithItsLine() {
        let broken = SourceFile(path: "templates/tag.mustache", text: "ok\n{{#posts}}\nno close\n")
        let (theme, diagnostics) = Theme.load(templates: [broken], assets: [])
        #expect(theme == nil)
        #expect(
            diagnostics.map(\.description) == [
                "templates/tag.mustache:2:1: error: template does not parse: the section `posts` is never closed; add its `{{/posts}}` tag"
            ])
    }

    @Test func aSiteCanOverrideOneTemplateAndKeepTheRest() throws {
        let override = SourceFile(path: "templates/partials/post-card.mustache", text: "<li class=\"mine\">{{title}}</li>")
        let source = makeSource(["content/posts/a.md": post("Alpha", date: "2025-01-01")])
        var withOverride = source
        withOverride.templates = [override]
        let result = SiteBuilder(options: testOptions()).build(withOverride)
        let home = try #require(result.text("index.html"))
        #expect(home.contains("<li class=\"mine\">Alpha</li>"))
        #expect(home.contains("<link rel=\"stylesheet\""))
    }
}
