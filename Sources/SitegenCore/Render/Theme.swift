import SitegenMarkdown

/// The compiled templates and theme assets: the built-in theme with the site's own `templates/` laid over it.
public struct Theme: Sendable {
    /// Every template compiled, by name, with the depth copies of those that may recurse (``TemplateNesting``).
    private let templates: [String: CompiledTemplate]
    /// Each rendering thread's own copy of ``templates`` (see ``ThreadTemplates``).
    private let threadTemplates = ThreadTemplates()
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
    /// Every name a template looks up in its values, or `nil` when a template can show values without naming
    /// them: a value under no such name never shows on a page.
    let namesLookedUp: Set<String>?

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
        var compiled: [String: CompiledTemplate] = [:]
        var diagnostics: [Diagnostic] = []
        let nesting = TemplateNesting(sources: sources.mapValues(\.text))
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            do {
                compiled[name] = try CompiledTemplate(source.text)
            } catch {
                let (line, column) = error.position(in: source.text)
                diagnostics.append(.error(source.path, line, column, "template does not parse: \(error.message)"))
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
        var names: Set<String> = []
        let namesAll = compiled.values.reduce(true) { namesAll, template in template.addNamesLookedUp(to: &names) && namesAll }
        return (
            Theme(
                templates: compiled, templateNames: Set(sources.keys), assets: staticFiles, fingerprintedRoutes: fingerprinted,
                recursionErrors: recursion, fingerprint: fingerprint(of: sources.mapValues(\.text)), namesLookedUp: namesAll ? names : nil),
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

    /// Whether a template of that name exists.
    public func has(_ name: String) -> Bool { templateNames.contains(name) }

    /// Renders `context` with the named template; `nil` when there is no such template.
    func render(_ template: String, context: TemplateValue) throws(SpillFile.ReadFailure) -> String? {
        try renderBytes(template, context: context).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Renders `context` with the named template as UTF-8 bytes; `nil` when there is no such template. A stored
    /// text the page shows that cannot be read (``TemplateValue/storedText(_:)``) is thrown.
    func renderBytes(_ template: String, context: TemplateValue) throws(SpillFile.ReadFailure) -> [UInt8]? {
        let templates = threadTemplates.forCurrentThread(copying: templates)
        guard let compiled = templates[template] else { return nil }
        var rendering = MustacheRendering(templates: templates, context: context, capacity: 32 * 1024)
        rendering.render(compiled.nodes)
        if let failure = rendering.readFailure { throw failure }
        return rendering.output
    }

    /// The errors to report when `html`, rendered by this theme, went past the template depth limit (see below).
    func recursionErrors(in html: String) -> [Diagnostic] {
        recursionErrors(in: Array(html.utf8))
    }

    /// The errors to report when the UTF-8 bytes `html`, rendered by this theme, went past the template depth
    /// limit or the page's budget of partials: each template on a cycle, or one error when none is.
    func recursionErrors(in html: [UInt8]) -> [Diagnostic] {
        let marker = Array(MustacheRendering.overflowMarker.utf8)
        guard html.withUnsafeBufferPointer({ $0.firstOffset(of: marker, from: 0) != nil }) else { return [] }
        if !recursionErrors.isEmpty { return recursionErrors }
        return [
            .error(
                "templates", 0, 0,
                "templates nest more than \(Limits.templateDepth) levels deep, or one page renders more than \(Limits.partialsPerPage) partials"
            )
        ]
    }
}
