/// The languages sitegen highlights, one table each.
extension LanguageSpec {
    static let all: [LanguageSpec] = [
        swift, python, javaScript, go, rust, shell, json, yaml, toml, sql, html, css, dockerfile, cSharp, java, kotlin, php,
        ruby, c,
    ]

    private static let byName: [String: LanguageSpec] = {
        var table: [String: LanguageSpec] = [:]
        for spec in all {
            for name in spec.names { table[name] = spec }
        }
        return table
    }()

    /// The spec for a fence's info string (its first word, lowercased).
    static func named(_ info: String) -> LanguageSpec? {
        byName[String(info.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "{" }).first ?? "")]
    }

    private static func words(_ text: String) -> Set<String> { Set(text.split(separator: " ").map(String.init)) }

    /// The keywords or types in `text`, separated by spaces.
    private static func byteWords(_ text: String) -> ByteWords { ByteWords(words(text)) }

    private static let cStyleComments: [(open: [UInt8], close: [UInt8], nests: Bool)] = [
        (Array("/*".utf8), Array("*/".utf8), false)
    ]
    private static let nestedComments: [(open: [UInt8], close: [UInt8], nests: Bool)] = [
        (Array("/*".utf8), Array("*/".utf8), true)
    ]

    static let swift = LanguageSpec(
        names: ["swift"], lineComments: [Array("//".utf8)], blockComments: nestedComments,
        strings: [StringForm("\"\"\"", multiline: true), StringForm("\"")], hashRawStringPrefix: "",
        keywords: byteWords(
            "actor any as associatedtype async await break case catch class continue default defer deinit do else enum extension fallthrough false fileprivate final for func get guard if import in indirect init inout internal is lazy let mutating nil nonisolated open operator override private protocol public repeat rethrows return self Self set some static struct subscript super switch throw throws true try typealias var weak where while consuming borrowing sending"
        ),
        types: byteWords("Int Double Float String Bool Character Array Dictionary Set Optional Void Never UInt8 UInt Int64"),
        capitalizedAreTypes: true, atNames: .keyword)

    static let python = LanguageSpec(
        names: ["python", "py", "python3"], lineComments: [Array("#".utf8)],
        strings: [
            StringForm("\"\"\"", multiline: true), StringForm("'''", multiline: true), StringForm("\""), StringForm("'"),
        ],
        stringPrefixes: words("f r b u rb br fr rf"),
        keywords: byteWords(
            "and as assert async await break class continue def del elif else except False finally for from global if import in is lambda match case None nonlocal not or pass raise return True try while with yield self"
        ),
        types: byteWords("int float str bytes bool list dict set tuple object type Exception ValueError KeyError"),
        capitalizedAreTypes: true, atNames: .function)

    static let javaScript = LanguageSpec(
        names: ["javascript", "js", "jsx", "mjs", "typescript", "ts", "tsx"], lineComments: [Array("//".utf8)],
        blockComments: cStyleComments,
        strings: [StringForm("`", multiline: true), StringForm("\""), StringForm("'")],
        keywords: byteWords(
            "abstract as async await break case catch class const constructor continue debugger declare default delete do else enum export extends false finally for from function get if implements import in instanceof interface keyof let new null of private protected public readonly return set static super switch this throw true try type typeof undefined var void while with yield"
        ),
        types: byteWords("string number boolean any unknown never object bigint symbol"),
        capitalizedAreTypes: true, nameBytes: [UInt8(ascii: "$")], atNames: .function)

    static let go = LanguageSpec(
        names: ["go", "golang"], lineComments: [Array("//".utf8)], blockComments: cStyleComments,
        strings: [StringForm("`", escape: nil, multiline: true), StringForm("\""), StringForm("'")],
        keywords: byteWords(
            "break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var true false nil iota"
        ),
        types: byteWords(
            "bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr any"
        ))

    static let rust = LanguageSpec(
        names: ["rust", "rs"], lineComments: [Array("//".utf8)], blockComments: nestedComments,
        strings: [StringForm("\"", multiline: true)], hashRawStringPrefix: "r",
        keywords: byteWords(
            "as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait true type unsafe use where while"
        ),
        types: byteWords("i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str"),
        capitalizedAreTypes: true, macroBang: true)

    static let shell = LanguageSpec(
        names: ["bash", "sh", "shell", "zsh", "console", "shell-session"], lineComments: [Array("#".utf8)],
        strings: [StringForm("'", escape: nil, multiline: true), StringForm("\"", multiline: true)],
        keywords: byteWords(
            "if then else elif fi for while until do done case esac function in return export local readonly set unset shift exit break continue source alias"
        ),
        nameBytes: [UInt8(ascii: "-")], dollarVariables: true, functionCalls: false, commentsNeedWordStart: true)

    static let json = LanguageSpec(
        names: ["json", "jsonc", "json5"], lineComments: [Array("//".utf8)], blockComments: cStyleComments,
        strings: [StringForm("\"")], keywords: byteWords("true false null"), functionCalls: false, keyBeforeColon: true)

    static let yaml = LanguageSpec(
        names: ["yaml", "yml"], lineComments: [Array("#".utf8)],
        strings: [StringForm("\""), StringForm("'", escape: nil, doubledCloseEscapes: true)],
        keywords: byteWords("true false null yes no on off True False Null"), nameBytes: [UInt8(ascii: "-"), UInt8(ascii: ".")],
        functionCalls: false, keyBeforeColon: true, commentsNeedWordStart: true)

    static let toml = LanguageSpec(
        names: ["toml"], lineComments: [Array("#".utf8)],
        strings: [
            StringForm("\"\"\"", multiline: true), StringForm("'''", escape: nil, multiline: true), StringForm("\""),
            StringForm("'", escape: nil),
        ],
        keywords: byteWords("true false inf nan"), nameBytes: [UInt8(ascii: "-"), UInt8(ascii: ".")], functionCalls: false,
        keyBeforeEquals: true, bracketHeaders: true)

    static let sql = LanguageSpec(
        names: ["sql", "postgresql", "psql", "sqlite", "mysql", "plpgsql"], lineComments: [Array("--".utf8)],
        blockComments: cStyleComments,
        strings: [StringForm("'", escape: nil, multiline: true, doubledCloseEscapes: true)],
        keywords: byteWords(
            "add all alter and as asc begin between by case cascade check column commit constraint create cross default delete desc distinct drop else end exists explain foreign from full group having if in index inner insert into is join key left like limit not null offset on or order outer primary references returning right rollback select set table then to transaction true false union unique update using values view when where with analyze"
        ),
        types: byteWords(
            "int integer bigint smallint serial bigserial text varchar char boolean date timestamp timestamptz numeric decimal real jsonb json uuid bytea"
        ),
        caseInsensitiveKeywords: true)

    static let html = LanguageSpec(names: ["html", "xml", "svg", "xhtml", "vue"], isMarkup: true)

    static let css = LanguageSpec(
        names: ["css", "scss"], blockComments: cStyleComments, strings: [StringForm("\""), StringForm("'")],
        keywords: byteWords("important inherit initial unset auto none"), nameBytes: [UInt8(ascii: "-")], keyBeforeColon: true,
        propertiesOnlyInsideBraces: true, atNames: .keyword, hashColors: true)

    static let dockerfile = LanguageSpec(
        names: ["dockerfile", "docker", "containerfile"], lineComments: [Array("#".utf8)],
        strings: [StringForm("\""), StringForm("'", escape: nil)],
        keywords: byteWords(
            "from run cmd label expose env add copy entrypoint volume user workdir arg onbuild stopsignal healthcheck shell as"),
        caseInsensitiveKeywords: true, dollarVariables: true, functionCalls: false, lineStartKeyword: true, commentsNeedWordStart: true)

    static let cSharp = LanguageSpec(
        names: ["csharp", "c#", "cs", "dotnet"], lineComments: [Array("//".utf8)], blockComments: cStyleComments,
        strings: [
            StringForm("\"\"\"", multiline: true), StringForm("$@\"", "\"", escape: nil, multiline: true, doubledCloseEscapes: true),
            StringForm("@$\"", "\"", escape: nil, multiline: true, doubledCloseEscapes: true),
            StringForm("@\"", "\"", escape: nil, multiline: true, doubledCloseEscapes: true), StringForm("$\"", "\""), StringForm("\""),
            StringForm("'"),
        ],
        keywords: byteWords(
            "abstract as async await base break case catch checked class const continue default delegate do else enum event explicit extern false finally fixed for foreach get goto if implicit in init interface internal is lock namespace new null operator out override params partial private protected public readonly record ref required return sealed set sizeof stackalloc static struct switch this throw true try typeof unchecked unsafe using var virtual void volatile when where while with yield"
        ),
        types: byteWords("bool byte char decimal double dynamic float int long object sbyte short string uint ulong ushort nint nuint"),
        capitalizedAreTypes: true, atNames: .keyword)

    static let java = LanguageSpec(
        names: ["java"], lineComments: [Array("//".utf8)], blockComments: cStyleComments,
        strings: [StringForm("\"\"\"", multiline: true), StringForm("\""), StringForm("'")],
        keywords: byteWords(
            "abstract assert break case catch class const continue default do else enum extends false final finally for goto if implements import instanceof interface native new null package private protected public record return sealed static super switch synchronized this throw throws transient true try var void volatile while yield"
        ),
        types: byteWords("boolean byte char double float int long short"), capitalizedAreTypes: true, atNames: .keyword)

    static let kotlin = LanguageSpec(
        names: ["kotlin", "kt", "kts"], lineComments: [Array("//".utf8)], blockComments: nestedComments,
        strings: [StringForm("\"\"\"", multiline: true), StringForm("\""), StringForm("'")],
        keywords: byteWords(
            "abstract actual annotation as break by catch class companion const constructor continue crossinline data do else enum expect external false final finally for fun get if import in infix init inline inner interface internal is lateinit noinline null object open operator out override package private protected public reified return sealed set super suspend this throw true try typealias val var vararg when where while"
        ),
        types: byteWords("Int Long Short Byte Double Float Boolean Char String Unit Any Nothing"), capitalizedAreTypes: true,
        dollarVariables: true, atNames: .keyword)

    static let php = LanguageSpec(
        names: ["php", "php8"], lineComments: [Array("//".utf8), Array("#".utf8)], blockComments: cStyleComments,
        strings: [StringForm("\"", multiline: true), StringForm("'", multiline: true)],
        keywords: byteWords(
            "abstract and array as break callable case catch class clone const continue declare default do echo else elseif empty enddeclare endfor endforeach endif endswitch endwhile enum extends false final finally fn for foreach function global goto if implements include include_once instanceof insteadof interface isset list match namespace new null or print private protected public readonly require require_once return static switch throw trait true try unset use var while xor yield"
        ),
        types: byteWords("int float string bool void mixed never object iterable self parent"), caseInsensitiveKeywords: true,
        dollarVariables: true, commentsNeedWordStart: true)

    static let ruby = LanguageSpec(
        names: ["ruby", "rb", "gemfile", "rake", "erb"], lineComments: [Array("#".utf8)],
        strings: [StringForm("\"", multiline: true), StringForm("'", multiline: true)],
        keywords: byteWords(
            "alias and begin break case class def defined? do else elsif end ensure false for if in module next nil not or redo rescue retry return self super then true undef unless until when while yield require require_relative attr_accessor attr_reader attr_writer private protected public puts"
        ),
        capitalizedAreTypes: true, nameBytes: [UInt8(ascii: "?"), UInt8(ascii: "!")], commentsNeedWordStart: true,
        atNames: .variable)

    static let c = LanguageSpec(
        names: ["c", "h", "cpp", "c++", "cc", "cxx", "hpp", "objc", "arduino"], lineComments: [Array("//".utf8)],
        blockComments: cStyleComments, strings: [StringForm("\""), StringForm("'")],
        keywords: byteWords(
            "auto break case catch class const constexpr continue default delete do else enum explicit extern false for friend goto if inline namespace new noexcept nullptr operator private protected public register return sizeof static static_cast struct switch template this throw true try typedef typename union using virtual void volatile while include define ifdef ifndef endif pragma"
        ),
        types: byteWords(
            "bool char double float int long short signed unsigned size_t int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t string vector"
        ))
}
