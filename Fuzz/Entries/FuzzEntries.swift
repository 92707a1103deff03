import Foundation
import SitegenCore
import SitegenImages
import SitegenServe

/// The code each fuzz target runs on one input, shared by the libFuzzer executables under `Fuzz/Targets` and by
/// the regression tests that replay the inputs kept in `Fuzz/Regressions`. Each entry checks the properties
/// that must hold for any input and traps when one does not, so that libFuzzer records the input.
public enum FuzzEntries {
    /// The targets by name, as the executables and `Fuzz/Regressions/<name>/` call them.
    public static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "document": document, "template": template, "request-path": requestPath, "image-header": imageHeader,
    ]

    /// The input as a post (front matter, markdown, the summary taken from it) beside a fixed post and project,
    /// built in memory. Every template is replaced by a one-line one, so that the time goes to the post rather
    /// than to parsing and filling the theme; the values handed to the templates are still all computed.
    public static func document(_ input: [UInt8]) {
        let text = String(decoding: input, as: UTF8.self)
        let result = build(markdown: ["content/posts/2025-01-02-fuzz.md": text], templates: plainTemplates)
        checkContained(result)
    }

    /// The input as templates: split at NUL bytes into `post`, `home`, `a` and `b`, so that the fuzzer can
    /// reach partials (`{{> a}}`), parents (`{{< b}}`) and cycles between them. The other templates are
    /// one-line ones, so that the time goes to the fuzzed ones.
    public static func template(_ input: [UInt8]) {
        let names = ["post", "home", "a", "b"]
        let chunks = input.split(separator: 0, maxSplits: names.count - 1, omittingEmptySubsequences: false)
        var templates = plainTemplates
        for (name, chunk) in zip(names, chunks) {
            templates["templates/\(name).mustache"] = String(decoding: chunk, as: UTF8.self)
        }
        let result = build(markdown: [:], templates: templates)
        checkContained(result)
    }

    /// The input as a request target under base path `/` and `/journey/`: whatever it resolves to is a path
    /// inside the site, with no segment that could climb out of it or smuggle a separator.
    public static func requestPath(_ input: [UInt8]) {
        let target = String(decoding: input, as: UTF8.self)
        for basePath in ["/", "/journey/"] {
            guard case .site(let path, _) = RequestPath(target: target, basePath: basePath) else { continue }
            if path.isEmpty { continue }
            guard OutputFile.isContained(path), !path.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
                fatalError("request target \(input) resolved to \(path.debugDescription) outside the site")
            }
        }
    }

    /// The input as the start of an image file: its header is read without decoding, and the metadata stripper
    /// either refuses it or gives a file that is no longer, that stripping again leaves as it is, and whose
    /// header, if it had one, says the same size.
    public static func imageHeader(_ input: [UInt8]) {
        let header = RasterHeader(input)
        if let header {
            guard header.width > 0, header.height > 0, (1...8).contains(header.orientation) else {
                fatalError("header \(header) of \(input.count) bytes is out of range")
            }
        }
        guard let stripped = MetadataStripper.stripped(input) else { return }
        guard stripped.count <= input.count + 12, MetadataStripper.stripped(stripped) == stripped else {
            fatalError("stripping \(input.count) bytes gave \(stripped.count), which stripping changes again")
        }
        if let header, let after = RasterHeader(stripped), (after.width, after.height) != (header.width, header.height) {
            fatalError("stripping changed the size from \(header.width)×\(header.height) to \(after.width)×\(after.height)")
        }
    }

    private static let plainTemplates = Dictionary(
        uniqueKeysWithValues: Theme.builtInTemplateNames.map { ("templates/\($0).mustache", "{{title}}") })

    /// The fixed part of every fuzzed site: a post with tags, a series and a project, so that the fuzzed input
    /// meets links, tags and series.
    private static let fixedMarkdown: [String: String] = [
        "content/posts/2025-01-01-start.md": """
        ---
        title: Start
        date: 2025-01-01
        tags: [swift, notes]
        project: tool
        series: { name: learning, day: 1 }
        ---
        Read [the fuzz post](2025-01-02-fuzz.md) and see ![a picture](missing.png).
        """,
        "content/projects/tool.md": "---\ntitle: Tool\nstatus: active\n---\nA small tool.\n",
    ]

    private static func build(markdown: [String: String], templates: [String: String] = [:]) -> BuildResult {
        var source = SiteSource(root: "/nonexistent-fuzz-site")
        source.config = SourceFile(path: "site.yml", text: "title: Fuzz\nbase_url: https://example.org/journey/\n")
        for (path, text) in fixedMarkdown.merging(markdown, uniquingKeysWith: { $1 }).sorted(by: { $0.key < $1.key }) {
            source.markdown.append(SourceFile(path: path, text: text))
        }
        for (path, text) in templates.sorted(by: { $0.key < $1.key }) {
            source.templates.append(SourceFile(path: path, text: text))
        }
        var options = BuildOptions()
        options.now = Date(timeIntervalSince1970: 1_767_225_600)
        options.useGitDates = false
        return SiteBuilder(options: options).build(source)
    }

    /// A build either fails with an error or produces only files inside the output folder, each once.
    private static func checkContained(_ result: BuildResult) {
        if !result.succeeded {
            guard result.diagnostics.containsErrors else { fatalError("a build failed without an error") }
            return
        }
        var seen: Set<String> = []
        for file in result.files {
            guard OutputFile.isContained(file.path), seen.insert(file.path).inserted else {
                fatalError("a build wrote \(file.path.debugDescription) outside the output folder or twice")
            }
        }
    }
}
