import ArgumentParser
import Foundation
import SitegenCore

/// `sitegen check`: builds in memory and reports every problem, including those a build lets through.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Find broken links and anchors, missing images, posts without a summary and mistyped front matter.",
        discussion: "Nothing is written. The exit status is 1 when there is an error (or, with --strict, any warning).")

    @Option(name: .long, help: "The site's folder.")
    var source = "."

    @OptionGroup var publish: PublishOptions

    @Flag(name: .long, help: "Treat warnings as errors.")
    var strict = false

    func run() async throws {
        let root = URL(fileURLWithPath: source)
        let (siteSource, loadProblems) = ContentLoader(root: root).load()
        let options = publish.buildOptions
        var problems = loadProblems
        if !loadProblems.containsErrors {
            problems += SiteChecker(options: options, cache: CacheFolder(site: root)).check(siteSource, strict: strict)
        }
        DiagnosticReporter().report(problems)
        let errors = problems.filter { $0.severity == .error }.count
        let warnings = problems.count - errors
        let line =
            "Checked \(root.standardizedFileURL.path): \(errors) \(errors == 1 ? "error" : "errors"), "
            + "\(warnings) \(warnings == 1 ? "warning" : "warnings")."
        if errors > 0 {
            FileHandle.standardError.write(Data((line + "\n").utf8))
            throw ExitCode.failure
        }
        print(line)
    }
}
