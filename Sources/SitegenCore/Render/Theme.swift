import Mustache
import SitegenMarkdown

/// The compiled templates and theme assets: the built-in theme with the site's own `templates/` laid over it.
public struct Theme: Sendable {
    private let library: MustacheLibrary
    /// Names of all templates, such as `post` and `partials/post-card`.
    public let templateNames: Set<String>
    /// Files copied to `/assets/`, and the fingerprinted copies in `/assets/hashed/`.
    public let assets: [StaticFile]
    /// The route of each fingerprinted copy by the asset's name: `style.css` → `/assets/hashed/style.3f9a1c2e.css`.
    public let fingerprintedRoutes: [String: Route]
    /// One error for each template on a cycle of partials or parents, reported when a page nests past
    /// ``Limits/templateDepth``; empty when no template can recurse.
    let recursionErrors: [Diagnostic]
    /// A hash of every template's name and text: a page rendered from the same context by a theme with the
    /// same fingerprint is the same page.
    let fingerprint: UInt64

    /// Templates every site needs; the built-in theme has them all.
    public static let requiredTemplates = ["home", "post", "page", "tags", "tag", "projects", "project", "archive", "404"]

    /// The names of the built-in theme's templates, partials included.
    package static var builtInTemplateNames: [String] { DefaultTheme.templates.keys.sorted() }

    /// Compiles the built-in theme with `templates` and `assets` overriding it file by file.
    /// - Returns: The theme, or `nil` with a diagnostic for every template that does not parse or names a
    ///   partial or parent that does not exist.
    public static func load(templates: [SourceFile], assets: [AssetFile]) -> (Theme?, [Diagnostic]) {
        var sources: [String: (path: String, text: String)] = [:]
        for (name, text) in DefaultTheme.templates {
            sources[name] = ("(built-in theme)/templates/\(name).mustache", text)
        }
        for file in templates {
            let name = String(file.path.dropFirst("templates/".count).dropLast(".mustache".count))
            sources[name] = (file.path, file.text)
        }
        _ = fastEscapingRegistered
        var library = MustacheLibrary()
        var diagnostics: [Diagnostic] = []
        let nesting = TemplateNesting(sources: sources.mapValues(\.text))
        var parsed: Set<String> = []
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            do {
                library.register(try MustacheTemplate(string: contentTypePragma + source.text), named: name)
                parsed.insert(name)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(
                    .error(
                        source.path, max(1, error.context.lineNumber - 1), error.context.columnNumber,
                        "template does not parse: \(explain(error.error))"))
            } catch {
                diagnostics.append(.error(source.path, 1, 1, "template does not parse: \(error)"))
            }
            for reference in TemplateNesting.references(in: source.text)
            where reference.kind != UInt8(ascii: "/") && sources[reference.name] == nil {
                diagnostics.append(
                    .error(
                        source.path, reference.line, reference.column,
                        "template `\(reference.name)` does not exist; add templates/\(reference.name).mustache"))
            }
        }
        var recursion: [Diagnostic] = []
        for (name, cycle) in nesting.cycles.sorted(by: { $0.key < $1.key }) {
            guard let source = sources[name] else { continue }
            let reference = TemplateNesting.references(in: source.text).first { nesting.cycles[$0.name] != nil }
            recursion.append(
                .error(
                    source.path, reference?.line ?? 1, reference?.column ?? 1,
                    "templates include each other more than \(Limits.templateDepth) levels deep: \(cycle); end the recursion with a section whose data runs out"
                ))
        }
        for (name, text) in nesting.templates.sorted(by: { $0.key < $1.key }) where nesting.cycles[name] != nil || sources[name] == nil {
            let base = name.split(separator: "?").first.map(String.init) ?? name
            guard parsed.contains(base), let template = try? MustacheTemplate(string: contentTypePragma + text) else { continue }
            library.register(template, named: name)
        }
        var assetFiles: [String: AssetFile] = [:]
        for (path, text) in DefaultTheme.assets {
            assetFiles[path] = AssetFile(path: "(built-in theme)/assets/\(path)", contents: .bytes(Array(text.utf8)))
        }
        for asset in assets { assetFiles[String(asset.path.dropFirst("templates/assets/".count))] = asset }
        var staticFiles = assetFiles.sorted { $0.key < $1.key }.map {
            StaticFile(route: .file("assets/" + $0.key), contents: $0.value.contents, source: $0.value.path)
        }
        var fingerprinted: [String: Route] = [:]
        for name in fingerprintedAssets {
            guard let asset = assetFiles[name], let copy = fingerprintedCopy(of: asset, named: name) else { continue }
            fingerprinted[name] = copy.route
            staticFiles.append(copy)
        }
        if diagnostics.containsErrors { return (nil, diagnostics) }
        return (
            Theme(
                library: library, templateNames: Set(sources.keys), assets: staticFiles, fingerprintedRoutes: fingerprinted,
                recursionErrors: recursion, fingerprint: fingerprint(of: sources.mapValues(\.text))),
            diagnostics
        )
    }

    /// A hash of sitegen's version and every template's name and text.
    private static func fingerprint(of sources: [String: String]) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(SitegenVersion.current)
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            hasher.combine(name)
            hasher.combine(text)
        }
        return hasher.value
    }

    /// The theme files that templates reach through `site.stylesheet_url`, `site.search_script_url` and
    /// `site.favicon_url`, and so may be renamed.
    static let fingerprintedAssets = ["style.css", "search.js", "code.js", "favicon.svg"]

    /// A copy of an asset under `assets/hashed/`, with a hash of its bytes in its name
    /// (`assets/hashed/style.3f9a1c2e.css`), so that hosts may cache it for good; `nil` when it cannot be read,
    /// which the writer reports when it copies the file itself.
    private static func fingerprintedCopy(of asset: AssetFile, named name: String) -> StaticFile? {
        let bytes: [UInt8]
        switch asset.contents {
        case .bytes(let contents): bytes = contents
        case .file(let path):
            guard case .success(let read) = FileDescriptor.readFile(path, noFollow: true) else { return nil }
            bytes = read.bytes
        }
        let dot = name.lastIndex(of: ".") ?? name.endIndex
        let hashedName = "\(name[..<dot]).\(ContentHash.hex(bytes))\(name[dot...])"
        return StaticFile(route: .file("assets/hashed/" + hashedName), contents: .bytes(bytes), source: asset.path)
    }

    /// A standalone line that switches a template to ``FastHTMLEscaping``; being standalone, it renders as
    /// nothing, and it moves error positions down by exactly one line.
    private static let contentTypePragma = "{{% CONTENT_TYPE: \(FastHTMLEscaping.name) }}\n"

    /// Registers ``FastHTMLEscaping`` with swift-mustache once, before any template is parsed.
    private static let fastEscapingRegistered: Bool = {
        MustacheContentTypes.register(FastHTMLEscaping(), named: FastHTMLEscaping.name)
        return true
    }()

    /// What a swift-mustache parse error means, in words that say what to fix.
    static func explain(_ error: Error) -> String {
        guard let parseError = error as? MustacheTemplate.Error else { return "\(error)" }
        switch parseError {
        case .sectionCloseNameIncorrect: return "this closing tag does not match the section that is open"
        case .unfinishedName: return "this tag is not closed with `}}`"
        case .expectedSectionEnd: return "a section is never closed; add its `{{/name}}` tag"
        case .invalidSetDelimiter: return "invalid `{{=…=}}` delimiter tag"
        case .transformAppliedToInheritanceSection: return "transforms cannot be applied to `{{$block}}` sections"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return "inside `{{<parent}}…{{/parent}}` only `{{$block}}…{{/block}}` overrides may appear"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "unknown `{{% … }}` setting"
        @unknown default: return "\(parseError)"
        }
    }

    /// Whether a template of that name exists.
    public func has(_ name: String) -> Bool { templateNames.contains(name) }

    /// Renders `context` with the named template; `nil` when there is no such template.
    public func render(_ template: String, context: TemplateValue) -> String? {
        library.render(context, withTemplate: template)
    }

    /// The errors to report when `html`, rendered by this theme, went past the template depth limit.
    func recursionErrors(in html: String) -> [Diagnostic] {
        guard !recursionErrors.isEmpty, html.utf8.contains(0), html.contains(TemplateNesting.overflowMarker) else { return [] }
        return recursionErrors
    }
}

/// HTML escaping over UTF-8 bytes. swift-mustache's own escapes Character by Character through a dictionary,
/// which was a tenth of the build's time on a large site; the output is the same.
struct FastHTMLEscaping: MustacheContentType {
    static let name = "SITEGEN_HTML"

    func escapeText(_ text: String) -> String { escapeHTML(text) }
}
