import Foundation

extension SiteBuilder {
    /// Loads the site in `source`, builds it, and, when the build has no errors, replaces `output` with it.
    /// - Returns: The build's result, with any load or write failure added to its diagnostics.
    public func buildAndWrite(source: URL, output: URL) -> BuildResult {
        let writer = OutputWriter(output: output)
        do {
            try writer.validate(sourceRoot: source)
        } catch {
            return BuildResult(failedWith: [error.diagnostic])
        }
        var clock = StageClock()
        let (siteSource, loadProblems) = ContentLoader(root: source).load()
        clock.lap("load")
        if loadProblems.containsErrors {
            return BuildResult(failedWith: loadProblems)
        }
        var result = build(siteSource)
        result.timings.insert(contentsOf: clock.stages, at: 0)
        result.diagnostics = (loadProblems + result.diagnostics).sortedByPosition()
        guard result.succeeded else { return result }
        do {
            var writeClock = StageClock()
            try writer.write(result.files)
            writeClock.lap("write")
            result.timings += writeClock.stages
        } catch {
            result.diagnostics.append(error.diagnostic)
        }
        return result
    }
}
