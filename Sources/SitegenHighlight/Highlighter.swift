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
    var keywords = ByteWords()
    var types = ByteWords()
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

/// A set of ASCII words (keywords, type names) found by the bytes of a name in place, with no string made for
/// each name the lexer reads: the words in 64 buckets by length and first and last letter, all in one array.
struct ByteWords {
    /// Every word's bytes, bucket after bucket.
    private var bytes: [UInt8] = []
    /// Where each word starts in ``bytes``, bucket after bucket, and where the last one ends.
    private var starts: [Int] = [0]
    /// Where each bucket's words start in ``starts``, and where the last bucket's end.
    private var bucketStarts: [Int] = Array(repeating: 0, count: 65)

    init() {}

    /// The set of `words`, which are ASCII; with case folded on lookup they must be lowercase.
    init(_ words: some Sequence<String>) {
        let byBucket = Dictionary(grouping: words.map { Array($0.utf8) }) { Self.bucket($0[...]) }
        for bucket in 0..<64 {
            bucketStarts[bucket] = starts.count - 1
            for word in byBucket[bucket] ?? [] {
                bytes += word
                starts.append(bytes.count)
            }
        }
        bucketStarts[64] = starts.count - 1
    }

    /// Whether `name` is one of the words; with `foldingCase`, ASCII capitals in `name` count as lowercase.
    func contains(_ name: ArraySlice<UInt8>, foldingCase: Bool) -> Bool {
        guard !name.isEmpty else { return false }
        let bucket = Self.bucket(name, foldingCase: foldingCase)
        for entry in bucketStarts[bucket]..<bucketStarts[bucket + 1] where starts[entry + 1] - starts[entry] == name.count {
            var offset = starts[entry]
            var matches = true
            for letter in name {
                if bytes[offset] != (foldingCase ? Self.lowercase(letter) : letter) {
                    matches = false
                    break
                }
                offset += 1
            }
            if matches { return true }
        }
        return false
    }

    private static func bucket(_ name: ArraySlice<UInt8>, foldingCase: Bool = false) -> Int {
        guard let first = name.first, let last = name.last else { return 0 }
        let (start, end) = foldingCase ? (lowercase(first), lowercase(last)) : (first, last)
        return (name.count &* 7 &+ Int(start) &* 3 &+ Int(end)) & 63
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }
}
