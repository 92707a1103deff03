import Foundation

/// Prints diagnostics once, in the `path:line:column: severity: message` form, and the build's summary.
public struct DiagnosticReporter: Sendable {
    /// Leave out warnings and the summary.
    public var quiet: Bool

    /// Creates a reporter.
    public init(quiet: Bool = false) {
        self.quiet = quiet
    }

    /// The lines to print for `diagnostics`: errors always, warnings unless quiet.
    public func lines(for diagnostics: [Diagnostic]) -> [String] {
        diagnostics.filter { !quiet || $0.severity == .error }.map(\.description)
    }

    /// Writes the diagnostics to standard error.
    public func report(_ diagnostics: [Diagnostic]) {
        let text = lines(for: diagnostics).map { $0 + "\n" }.joined()
        if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
    }

    /// "Built 27 pages (posts 8, tags 12, …) and copied 4 files in 0.12 s, 2 warnings", or the error count.
    public func summary(of result: BuildResult, seconds: Double) -> String {
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.count - errors
        let time = String(format: "%.2f s", seconds)
        guard result.succeeded, errors == 0 else {
            return "Build failed with \(countLabel(errors, "error")) in \(time); the output folder was not changed."
        }
        let pages = result.pageCounts.filter { $0.kind != "files" && $0.kind != "feeds" }
        let total = pages.reduce(0) { $0 + $1.count }
        let parts = pages.map { "\($0.kind) \($0.count)" }.joined(separator: ", ")
        let files = result.pageCounts.first { $0.kind == "files" }?.count ?? 0
        let feeds = result.pageCounts.first { $0.kind == "feeds" }?.count ?? 0
        let warningText = warnings > 0 ? ", \(countLabel(warnings, "warning"))" : ""
        if result.upToDate {
            return "Nothing changed since the last build: its \(countLabel(total, "page")) (\(parts)), \(feeds) feeds and indexes and "
                + "\(countLabel(files, "file")) are up to date (checked in \(time))\(warningText)."
        }
        // A build for `serve` makes its feeds and indexes when they are first requested, so it has no count.
        let feedText = result.pageCounts.contains { $0.kind == "feeds" } ? " and \(feeds) feeds and indexes," : ""
        var summary =
            "Built \(countLabel(total, "page")) (\(parts))\(feedText) and copied \(countLabel(files, "file")) in "
            + "\(time)\(warningText)."
        if result.work.resizedPhotos > 0 { summary += " Resized \(countLabel(result.work.resizedPhotos, "photo"))." }
        if result.work.locationsRemoved > 0 {
            summary +=
                "\nRemoved the GPS position from \(countLabel(result.work.locationsRemoved, "photo")) (`images.keep_metadata: true` keeps it)."
        }
        return summary
    }
}
