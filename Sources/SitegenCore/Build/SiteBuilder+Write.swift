import Foundation

extension SiteBuilder {
    /// Loads the site in `source`, builds it, and, when the build has no errors, replaces `output` with it.
    /// - Returns: The build's result, with any load or write failure added to its diagnostics.
    public func buildAndWrite(source: URL, output: URL) -> BuildResult {
        let writer = OutputWriter(output: output)
        do {
            try writer.validate(sourceRoot: source)
        } catch {
            return BuildResult(files: [], diagnostics: [.error(output.path, 0, 0, error.description)], site: nil, pageCounts: [])
        }
        let (siteSource, loadProblems) = ContentLoader(root: source).load()
        if loadProblems.containsErrors {
            return BuildResult(files: [], diagnostics: loadProblems, site: nil, pageCounts: [])
        }
        var result = build(siteSource)
        result.diagnostics = (loadProblems + result.diagnostics).sortedByPosition()
        guard result.succeeded else { return result }
        do {
            try writer.write(result.files)
        } catch {
            result.diagnostics.append(.error(output.path, 0, 0, error.description))
        }
        return result
    }
}
