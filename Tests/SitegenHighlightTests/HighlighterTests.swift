import Foundation
import Testing

@testable import SitegenHighlight

/// Each language with a real snippet: the tokens come out whole (a string with an escaped quote is one string,
/// a nested comment is one comment, a multi-line string is one span), and the text is unchanged once unescaped.
@Suite struct HighlighterTests {
    /// The `(kind, text)` of every span, text unescaped.
    private func tokens(_ code: String, _ language: String) throws -> [(String, String)] {
        let html = try #require(Highlighter.highlight(code, language: language))
        #expect(unescape(strip(html)) == code, "the text survives highlighting unchanged")
        return html.components(separatedBy: "<span class=\"hl-").dropFirst().map { part in
            let kind = String(part.prefix { $0 != "\"" })
            let text = part.components(separatedBy: "\">").dropFirst().joined(separator: "\">").components(separatedBy: "</span>")[0]
            return (kind, unescape(text))
        }
    }

    private func kinds(_ code: String, _ language: String, _ kind: String) throws -> [String] {
        try tokens(code, language).filter { $0.0 == kind }.map(\.1)
    }

    private func strip(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" {
                inTag = true
            } else if character == ">" && inTag {
                inTag = false
            } else if !inTag {
                text.append(character)
            }
        }
        return text
    }

    private func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func python() throws {
        let code = """
            @dataclass
            class Note:
                def title(self) -> str:
                    return f"Note \\"{self.name}\\"" # quoted
            DOC = \"\"\"first line
            second line\"\"\"
            count = 0x1F + 2.5e-3
            """
        #expect(try kinds(code, "python", "string") == ["f\"Note \\\"{self.name}\\\"\"", "\"\"\"first line\nsecond line\"\"\""])
        #expect(try kinds(code, "python", "comment") == ["# quoted"])
        #expect(try kinds(code, "python", "keyword") == ["class", "def", "self", "return"])
        #expect(try kinds(code, "python", "function") == ["@dataclass", "title"])
        #expect(try kinds(code, "python", "type").contains("Note"))
        #expect(try kinds(code, "python", "number") == ["0x1F", "2.5e-3"])
    }

    @Test func swift() throws {
        let code = """
            /* outer /* nested */ still comment */
            struct Post: Sendable {
                let title = "A \\"quoted\\" title"
                func render() async throws -> String { #"raw "text""# }
            }
            let body = \"\"\"
                multi "line"
                \"\"\"
            """
        #expect(try kinds(code, "swift", "comment") == ["/* outer /* nested */ still comment */"])
        #expect(
            try kinds(code, "swift", "string") == [
                "\"A \\\"quoted\\\" title\"", "#\"raw \"text\"\"#", "\"\"\"\n    multi \"line\"\n    \"\"\"",
            ])
        #expect(try kinds(code, "swift", "keyword") == ["struct", "let", "func", "async", "throws", "let"])
        #expect(try kinds(code, "swift", "type") == ["Post", "Sendable", "String"])
        #expect(try kinds(code, "swift", "function") == ["render"])
    }

    @Test func javaScriptAndTypeScript() throws {
        let code = """
            // load posts
            export async function load(url: string): Promise<Post[]> {
              const text = `Loading ${url}
            now`;
              return fetch(url, { cache: 'no-store' }).then((r) => r.json()); /* done */
            }
            """
        for language in ["js", "typescript"] {
            #expect(try kinds(code, language, "comment") == ["// load posts", "/* done */"])
            #expect(try kinds(code, language, "string") == ["`Loading ${url}\nnow`", "'no-store'"])
            #expect(try kinds(code, language, "keyword") == ["export", "async", "function", "const", "return"])
            #expect(try kinds(code, language, "function") == ["load", "fetch", "then", "json"])
            #expect(try kinds(code, language, "type") == ["string", "Promise", "Post"])
        }
    }

    @Test func go() throws {
        let code = """
            package main

            // Health answers "ok".
            func Health(w http.ResponseWriter, r *http.Request) {
            \tw.Write([]byte("ok \\"fine\\""))
            \tpattern := `\\d+
            raw`
            \tvar count int64 = 42
            }
            """
        #expect(try kinds(code, "go", "comment") == ["// Health answers \"ok\"."])
        #expect(try kinds(code, "go", "string") == ["\"ok \\\"fine\\\"\"", "`\\d+\nraw`"])
        #expect(try kinds(code, "go", "keyword") == ["package", "func", "var"])
        #expect(try kinds(code, "go", "type") == ["byte", "int64"])
        #expect(try kinds(code, "go", "function") == ["Health", "Write"])
        #expect(try kinds(code, "go", "number") == ["42"])
    }

    @Test func rust() throws {
        let code = """
            /* a /* nested */ comment */
            fn main() -> Result<(), Box<dyn Error>> {
                let path = r#"C:\\notes "raw""#;
                let text = "line one
            line two \\" done";
                println!("{} {}", path, 1_000u32);
            }
            """
        #expect(try kinds(code, "rust", "comment") == ["/* a /* nested */ comment */"])
        #expect(try kinds(code, "rust", "string") == ["r#\"C:\\notes \"raw\"\"#", "\"line one\nline two \\\" done\"", "\"{} {}\""])
        #expect(try kinds(code, "rust", "keyword") == ["fn", "dyn", "let", "let"])
        #expect(try kinds(code, "rust", "function") == ["main", "println!"])
        #expect(try kinds(code, "rust", "type") == ["Result", "Box", "Error"])
        #expect(try kinds(code, "rust", "number") == ["1_000u32"])
    }

    @Test func shell() throws {
        let code = """
            #!/usr/bin/env bash
            set -euo pipefail
            for file in "$HOME/notes"/*.md; do
              echo 'it''s' "${file%.md} \\"done\\"" # note
            done
            url=https://example.com/#anchor
            """
        #expect(try kinds(code, "bash", "comment") == ["#!/usr/bin/env bash", "# note"])
        #expect(try kinds(code, "bash", "string") == ["\"$HOME/notes\"", "'it'", "'s'", "\"${file%.md} \\\"done\\\"\""])
        #expect(try kinds(code, "sh", "keyword") == ["set", "for", "in", "do", "done"])
    }

    @Test func json() throws {
        let code = "{\"title\": \"A \\\"quoted\\\" title\", \"count\": -12.5e3, \"draft\": false, \"tags\": [\"a\", null]}"
        #expect(try kinds(code, "json", "property") == ["\"title\"", "\"count\"", "\"draft\"", "\"tags\""])
        #expect(try kinds(code, "json", "string") == ["\"A \\\"quoted\\\" title\"", "\"a\""])
        #expect(try kinds(code, "json", "number") == ["12.5e3"])
        #expect(try kinds(code, "json", "keyword") == ["false", "null"])
    }

    @Test func yaml() throws {
        let code = """
            # site settings
            title: 'It''s mine'
            base_url: "https://example.com/#top"
            paginate: 10
            markdown:
              smart: true
            tags: [swift, go] # inline
            """
        #expect(try kinds(code, "yaml", "comment") == ["# site settings", "# inline"])
        #expect(try kinds(code, "yaml", "property") == ["title", "base_url", "paginate", "markdown", "smart", "tags"])
        #expect(try kinds(code, "yaml", "string") == ["'It''s mine'", "\"https://example.com/#top\""])
        #expect(try kinds(code, "yaml", "keyword") == ["true"])
        #expect(try kinds(code, "yaml", "number") == ["10"])
    }

    @Test func toml() throws {
        let code = """
            [package]
            name = "sitegen" # the name
            version = "0.1.0"
            notes = \"\"\"
            two \\"lines\\"
            \"\"\"
            [dependencies.serde]
            features = ['derive']
            optional = true
            """
        #expect(try kinds(code, "toml", "type") == ["[package]", "[dependencies.serde]"])
        #expect(try kinds(code, "toml", "property") == ["name", "version", "notes", "features", "optional"])
        #expect(try kinds(code, "toml", "string") == ["\"sitegen\"", "\"0.1.0\"", "\"\"\"\ntwo \\\"lines\\\"\n\"\"\"", "'derive'"])
        #expect(try kinds(code, "toml", "comment") == ["# the name"])
        #expect(try kinds(code, "toml", "keyword") == ["true"])
    }

    @Test func sql() throws {
        let code = """
            -- slow query
            SELECT title, count(*) FROM posts
            WHERE author = 'O''Brien' /* escaped quote */
            AND created_at > now() - interval '7 days'
            LIMIT 10;
            create index idx_posts_author on posts (author);
            """
        #expect(try kinds(code, "sql", "comment") == ["-- slow query", "/* escaped quote */"])
        #expect(try kinds(code, "sql", "string") == ["'O''Brien'", "'7 days'"])
        #expect(try kinds(code, "sql", "keyword") == ["SELECT", "FROM", "WHERE", "AND", "LIMIT", "create", "index", "on"])
        #expect(try kinds(code, "sql", "function") == ["count", "now", "posts"])
        #expect(try kinds(code, "sql", "number") == ["10"])
    }

    @Test func html() throws {
        let code = """
            <!-- card -->
            <a class="tag" href='/tags/swift/'>Swift &amp; more</a>
            <img src="x.png" alt="a &quot;quote&quot;"/>
            """
        #expect(try kinds(code, "html", "comment") == ["<!-- card -->"])
        #expect(try kinds(code, "html", "tag") == ["<a", ">", "</a", ">", "<img", "/>"])
        #expect(try kinds(code, "html", "attribute") == ["class", "href", "src", "alt"])
        #expect(try kinds(code, "html", "string") == ["\"tag\"", "'/tags/swift/'", "\"x.png\"", "\"a &quot;quote&quot;\""])
        #expect(try kinds(code, "html", "keyword") == ["&amp;"])
    }

    @Test func css() throws {
        let code = """
            /* cards */
            @media (prefers-color-scheme: dark) {
              .post-card:hover { color: #61afef; margin: 0 1.5rem; font-family: "SF Mono", monospace; }
            }
            """
        #expect(try kinds(code, "css", "comment") == ["/* cards */"])
        #expect(try kinds(code, "css", "keyword") == ["@media"])
        #expect(try kinds(code, "css", "property") == ["color", "margin", "font-family"])
        #expect(try kinds(code, "css", "number") == ["#61afef", "0", "1.5rem"])
        #expect(try kinds(code, "css", "string") == ["\"SF Mono\""])
    }

    @Test func dockerfile() throws {
        let code = """
            # build stage
            FROM swift:6.3-bookworm AS build
            WORKDIR /src
            RUN apt-get update && echo "from ${HOME}" # copy note
            COPY --from=build /src/.build/release/sitegen /usr/local/bin/
            """
        #expect(try kinds(code, "dockerfile", "keyword") == ["FROM", "WORKDIR", "RUN", "COPY"])
        #expect(try kinds(code, "dockerfile", "comment") == ["# build stage", "# copy note"])
        #expect(try kinds(code, "dockerfile", "string") == ["\"from ${HOME}\""])
    }

    @Test func cSharp() throws {
        let code = """
            // a record
            public record Point(int X, int Y);
            var name = $"Hi {user}"; /* done */
            string path = @"C:\\dir";
            """
        for language in ["csharp", "c#", "cs"] {
            #expect(try kinds(code, language, "keyword") == ["public", "record", "var"])
            #expect(try kinds(code, language, "comment") == ["// a record", "/* done */"])
            #expect(try kinds(code, language, "string") == ["$\"Hi {user}\"", "@\"C:\\dir\""])
            #expect(try kinds(code, language, "type").contains("string"))
        }
    }

    @Test func javaAndKotlin() throws {
        let java = "@Override\npublic static void main(String[] args) { System.out.println(\"hi\"); } // end\n"
        #expect(try kinds(java, "java", "keyword") == ["@Override", "public", "static", "void"])
        #expect(try kinds(java, "java", "string") == ["\"hi\""])
        #expect(try kinds(java, "java", "comment") == ["// end"])
        let kotlin = "data class User(val name: String)\nfun greet() = println(\"Hi $name\") /* a /* nested */ note */\n"
        #expect(try kinds(kotlin, "kotlin", "keyword") == ["data", "class", "val", "fun"])
        #expect(try kinds(kotlin, "kotlin", "comment") == ["/* a /* nested */ note */"])
        #expect(try kinds(kotlin, "kt", "string") == ["\"Hi $name\""])
    }

    @Test func phpAndRuby() throws {
        let php = "<?php\nfunction greet($name) { echo \"Hi $name\"; } # done\n"
        #expect(try kinds(php, "php", "keyword") == ["function", "echo"])
        #expect(try kinds(php, "php", "variable") == ["$name"])
        #expect(try kinds(php, "php", "comment") == ["# done"])
        let ruby = "class Post < ApplicationRecord\n  def title? = @title.present? # ok\nend\n"
        #expect(try kinds(ruby, "ruby", "keyword") == ["class", "def", "end"])
        #expect(try kinds(ruby, "rb", "comment") == ["# ok"])
        #expect(try kinds(ruby, "ruby", "variable") == ["@title"])
    }

    @Test func cAndCpp() throws {
        let code = "#include <stdio.h>\nint main(void) { return printf(\"%d\\n\", 1); } // c\n"
        #expect(try kinds(code, "c", "type") == ["int"])
        #expect(try kinds(code, "cpp", "keyword").contains("return"))
        #expect(try kinds(code, "c++", "string") == ["\"%d\\n\""])
        #expect(try kinds(code, "c", "comment") == ["// c"])
    }

    @Test func unknownLanguagesAreNotHighlighted() {
        #expect(Highlighter.highlight("x = 1", language: "brainfuck") == nil)
        #expect(Highlighter.highlight("print(1)", language: "Python {.numberLines}") != nil, "the first word of the info string counts")
        #expect(Highlighter.languages.contains("dockerfile"))
    }

    @Test func anUnterminatedStringOrCommentRunsToTheEndWithoutLosingText() throws {
        #expect(try kinds("x = \"open\ny = 1", "python", "string") == ["\"open"])
        #expect(try kinds("/* never closed\nstill", "go", "comment") == ["/* never closed\nstill"])
        #expect(try kinds("<a href=\"x", "html", "string") == ["\"x"])
    }
}
