/// Build-time syntax highlighting: code in, HTML out, with `<span class="hl-KIND">` around keywords, strings,
/// comments, numbers, types, functions (and, where a language has them, properties, attributes, tags and
/// variables). One table-driven lexer works on UTF-8 bytes for every language family; each language is a
/// ``LanguageSpec`` in `Languages.swift`. Unknown languages get `nil`, and the caller prints the code escaped.
public enum Highlighter {
    /// The HTML for `code` in `language` (a fence's info string: `python`, `js`, `shell`, …), or `nil` when the
    /// language is not known. The result is escaped and safe to put inside `<code>`.
    public static func highlight(_ code: String, language: String) -> String? {
        guard let spec = LanguageSpec.named(language.lowercased()) else { return nil }
        var lexer = Lexer(bytes: Array(code.utf8), spec: spec)
        lexer.run()
        return String(decoding: lexer.output, as: UTF8.self)
    }

    /// Every language name and alias that is highlighted.
    public static var languages: [String] { LanguageSpec.all.flatMap(\.names).sorted() }
}

/// What a token is; its raw value is the CSS class suffix.
enum TokenKind: String {
    case keyword, string, comment, number, type, function, property, attribute, tag, variable
}

/// A string form: its opening and closing delimiters, the escape byte, and whether it may span lines.
struct StringForm {
    var open: [UInt8]
    var close: [UInt8]
    var escape: UInt8? = UInt8(ascii: "\\")
    var multiline = false
    /// The closing delimiter written twice stands for itself (SQL's `'it''s'`).
    var doubledCloseEscapes = false

    init(
        _ open: String, _ close: String? = nil, escape: UInt8? = UInt8(ascii: "\\"), multiline: Bool = false,
        doubledCloseEscapes: Bool = false
    ) {
        self.open = Array(open.utf8)
        self.close = Array((close ?? open).utf8)
        self.escape = escape
        self.multiline = multiline
        self.doubledCloseEscapes = doubledCloseEscapes
    }
}

/// One language: the tables the lexer reads.
struct LanguageSpec {
    var names: [String]
    var lineComments: [[UInt8]] = []
    /// `/* */`; `nests` for Swift and Rust, where comments nest.
    var blockComments: [(open: [UInt8], close: [UInt8], nests: Bool)] = []
    /// Longest first where one is a prefix of another (`"""` before `"`).
    var strings: [StringForm] = []
    /// Letters that may open a string when written right before its quote (Python's `f"…"`, `rb'…'`).
    var stringPrefixes: Set<String> = []
    /// `#"…"#` (Swift) or `r#"…"#` (Rust, prefix `r`): raw strings closed by the quote and as many `#`.
    var hashRawStringPrefix: String?
    var keywords: Set<String> = []
    var types: Set<String> = []
    /// Identifiers starting with a capital letter are types (Swift, Rust, TypeScript, Python classes).
    var capitalizedAreTypes = false
    var caseInsensitiveKeywords = false
    /// Bytes besides letters, digits and `_` that may be part of a name (`-` in CSS, `$` in JavaScript).
    var nameBytes: Set<UInt8> = []
    /// `$NAME`, `${NAME}` (shells, Dockerfile).
    var dollarVariables = false
    /// A name followed by `(` is a function call or definition; `!(` too when macros are allowed (Rust).
    var functionCalls = true
    var macroBang = false
    /// A name or string followed by `:` is a property (JSON, YAML, CSS inside braces) or by `=` (TOML).
    var keyBeforeColon = false
    var keyBeforeEquals = false
    var propertiesOnlyInsideBraces = false
    /// The first word of a line is a keyword (Dockerfile instructions).
    var lineStartKeyword = false
    /// A comment marker only counts at the start of a word (shell `#`).
    var commentsNeedWordStart = false
    /// `[section]` headers at the start of a line are types (TOML).
    var bracketHeaders = false
    /// `@name`: a keyword in CSS (`@media`), a function in Python (decorators).
    var atNames: TokenKind?
    /// `#abc` after a value is a number (CSS colours).
    var hashColors = false
    /// Markup: tags, attributes and `<!-- -->` (HTML).
    var isMarkup = false
}
