import Foundation
import SitegenMarkdown
import Testing

@testable import SitegenCore

/// What sitegen's template engine keeps from swift-mustache beyond the spec: transforms, a loop's place, the
/// `CONTENT_TYPE` setting, dynamic partial names read from the context; and where a template that does not
/// parse is wrong.
struct MustacheEngineTests {
    func render(_ template: String, _ context: TemplateValue, partials: [String: String] = [:]) throws -> String {
        var templates = ["page": try CompiledTemplate(template)]
        for (name, text) in partials { templates[name] = try CompiledTemplate(text) }
        var rendering = MustacheRendering(templates: templates, context: context)
        rendering.render(templates["page"]?.nodes ?? [])
        return String(decoding: rendering.output, as: UTF8.self)
    }

    func failure(_ template: String) -> (line: Int, column: Int, message: String)? {
        do {
            _ = try CompiledTemplate(template)
            return nil
        } catch {
            let (line, column) = error.position(in: template)
            return (line, column, error.message)
        }
    }

    @Test func transformsApplyInnermostFirst() throws {
        let context: TemplateValue = ["title": "Hello <World>", "count": 3, "tags": ["b", "a", "c"], "none": []]
        #expect(try render("{{uppercased(title)}}|{{lowercased(reversed(title))}}", context) == "HELLO &lt;WORLD&gt;|&gt;dlrow&lt; olleh")
        #expect(try render("{{plusone(count)}} {{minusone(count)}} {{#odd(count)}}odd{{/odd(count)}}", context) == "4 2 odd")
        #expect(
            try render("{{count(tags)}} {{first(tags)}} {{last(tags)}} {{#reversed(tags)}}{{.}}{{/reversed(tags)}}", context) == "3 b c cab"
        )
        #expect(try render("{{#empty(none)}}none{{/empty(none)}}{{^empty(tags)}}some{{/empty(tags)}}", context) == "nonesome")
        #expect(try render("{{nosuch(title)}}|{{#nosuch(title)}}x{{/nosuch(title)}}", context) == "|")
    }

    @Test func anObjectsFieldsCanBeListedInKeyOrder() throws {
        let context: TemplateValue = ["params": ["mood": "calm", "github": "me", "age": 3]]
        #expect(
            try render("{{#sorted(params)}}{{key}}={{value}};{{/sorted(params)}} {{count(params)}}", context)
                == "age=3;github=me;mood=calm; 3")
    }

    @Test func aLoopKnowsItsPlace() throws {
        let context: TemplateValue = ["items": ["a", "b", "c"]]
        let template = "{{#items}}{{^first()}}, {{/first()}}{{index()}}:{{.}}{{#last()}}.{{/last()}}{{/items}}"
        #expect(try render(template, context) == "0:a, 1:b, 2:c.")
        #expect(try render("{{#items}}{{#even()}}{{.}}{{/even()}}{{/items}}", context) == "ac")
        #expect(try render("{{index()}}{{#first()}}x{{/first()}}", context) == "")
    }

    @Test func textContentTypeTurnsEscapingOff() throws {
        let context: TemplateValue = ["x": "<b>"]
        #expect(try render("{{x}}\n{{% CONTENT_TYPE: TEXT }}\n{{x}}", context) == "&lt;b&gt;\n<b>")
        #expect(try render("{{% CONTENT_TYPE: TEXT }}{{>p}}{{x}}", context, partials: ["p": "{{x}}"]) == "&lt;b&gt;<b>")
    }

    @Test func aDynamicPartialTakesItsNameFromTheContext() throws {
        let context: TemplateValue = ["kind": "partials/note", "text": "hi"]
        #expect(try render("[{{>*kind}}]", context, partials: ["partials/note": "<em>{{text}}</em>"]) == "[<em>hi</em>]")
    }

    @Test func numbersAndBooleansRenderAsText() throws {
        #expect(try render("{{a}} {{b}} {{c}} {{d}}", ["a": 42, "b": .double(1.5), "c": true, "d": .null]) == "42 1.5 true ")
    }

    @Test func sectionsNestedPastTheLimitAreAnErrorNotACrash() throws {
        let deep = String(repeating: "{{#a}}", count: 100_000) + String(repeating: "{{/a}}", count: 100_000)
        let refused = try #require(failure(deep))
        #expect(refused.line == 1 && refused.column == 1 + 6 * Limits.templateNesting)
        #expect(refused.message == "sections, blocks and parents nest more than \(Limits.templateNesting) levels deep here")
        let allowed =
            String(repeating: "{{#a}}", count: Limits.templateNesting) + "x" + String(repeating: "{{/a}}", count: Limits.templateNesting)
        #expect(failure(allowed) == nil)
        var context: TemplateValue = "end"
        for _ in 0..<Limits.templateNesting { context = ["a": context] }
        #expect(try render(allowed, context) == "x")
    }

    @Test func aTemplateThatDoesNotParseSaysWhereAndWhy() throws {
        let unclosedSection = try #require(failure("a\n  {{#posts}}\nb\n"))
        #expect(unclosedSection.line == 2 && unclosedSection.column == 3)
        #expect(unclosedSection.message == "the section `posts` is never closed; add its `{{/posts}}` tag")
        let wrongClose = try #require(failure("{{#a}}\n{{#b}}x{{/a}}"))
        #expect(wrongClose.line == 2 && wrongClose.column == 8)
        #expect(wrongClose.message == "this closing tag does not match the section `b` that is open")
        let unclosedTag = try #require(failure("é {{title"))
        #expect(unclosedTag.line == 1 && unclosedTag.column == 5)
        #expect(unclosedTag.message == "this tag is not closed with `}}`")
        #expect(failure("{{=<% %>=}}<%title%>") == nil)
        #expect(failure("{{= <% =}}")?.message == "invalid `{{=… …=}}` delimiter tag")
        #expect(failure("{{% CONTENT_TYPE: XML }}")?.message == "unknown content type `XML`; use `HTML` or `TEXT`")
        #expect(
            failure("{{<base}}{{title}}{{/base}}")?.message
                == "inside `{{<parent}}…{{/parent}}` only `{{$block}}…{{/block}}` overrides may appear")
        #expect(failure("{{$a(b)}}{{/a(b)}}")?.message == "transforms cannot be applied to `{{$block}}` sections")
    }

    /// The nodes of a template, depth first, as object identities.
    private static func identities(_ nodes: [MustacheNode]) -> [ObjectIdentifier] {
        nodes.flatMap { [ObjectIdentifier($0)] + identities($0.children) + identities($0.overrides?.values.flatMap { $0 } ?? []) }
    }

    @Test func eachThreadRendersWithACopyOfItsOwnThatRendersTheSame() throws {
        let text = "{{<base}}{{$body}}{{#items}}<b>{{name}}</b>{{/items}}{{^items}}none{{/items}}{{/body}}{{/base}}"
        let shared = ["page": try CompiledTemplate(text), "base": try CompiledTemplate("<main>{{$body}}{{/body}}</main>")]
        let copies = ThreadTemplates()
        let mine = copies.forCurrentThread(copying: shared)
        let again = copies.forCurrentThread(copying: shared)
        let other = Locked<[String: CompiledTemplate]>([:])
        let thread = Thread { other.withLock { $0 = copies.forCurrentThread(copying: shared) } }
        thread.start()
        while other.withLock({ $0.isEmpty }) { usleep(1000) }
        let theirs = other.withLock { $0 }
        for name in shared.keys {
            let original = Self.identities(shared[name]?.nodes ?? [])
            let ours = Self.identities(mine[name]?.nodes ?? [])
            let otherThreads = Set(Self.identities(theirs[name]?.nodes ?? []))
            #expect(original.count > 1)
            #expect(Self.identities(again[name]?.nodes ?? []) == ours, "one copy per thread")
            #expect(Set(ours).isDisjoint(with: original))
            #expect(otherThreads.isDisjoint(with: ours))
        }
        let context: TemplateValue = ["items": [["name": "a<"], ["name": "b"]]]
        for templates in [shared, mine, theirs] {
            var rendering = MustacheRendering(templates: templates, context: context)
            rendering.render(templates["page"]?.nodes ?? [])
            #expect(String(decoding: rendering.output, as: UTF8.self) == "<main><b>a&lt;</b><b>b</b></main>")
        }
    }

    @Test func pastTheLimitOfCopiesThreadsShareTheOriginals() throws {
        let shared = ["page": try CompiledTemplate("<p>{{#items}}{{name}}{{/items}}</p>")]
        let original = Self.identities(shared["page"]?.nodes ?? [])
        let copies = ThreadTemplates()
        // Every thread stays alive until all have asked, so that none is a thread seen before.
        let asked = DispatchGroup()
        let release = DispatchSemaphore(value: 0)
        let results = Locked<[[ObjectIdentifier]]>([])
        for _ in 0...ThreadTemplates.limit {
            asked.enter()
            Thread {
                let nodes = copies.forCurrentThread(copying: shared)["page"]?.nodes ?? []
                results.withLock { $0.append(Self.identities(nodes)) }
                asked.leave()
                release.wait()
            }.start()
        }
        asked.wait()
        for _ in 0...ThreadTemplates.limit { release.signal() }
        let seen = results.withLock { $0 }
        #expect(seen.count == ThreadTemplates.limit + 1)
        #expect(seen.filter { $0 == original }.count == 1, "one thread past the limit renders with the originals")
        #expect(Set(seen.filter { $0 != original }.map { $0.first }).count == ThreadTemplates.limit)
    }
}
