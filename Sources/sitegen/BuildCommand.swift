import ArgumentParser
import Foundation
import SitegenCore

/// `sitegen build`: renders the site into the output folder.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site into the output folder.",
        discussion: "The previous output is replaced only when the whole build succeeds.")

    @Option(name: .long, help: "The site's folder.")
    var source = "."

    @Option(name: .long, help: "Where to write the site (default: <source>/public).")
    var output: String?

    @Option(name: .long, help: "The URL the site is published at; overrides base_url in site.yml.")
    var baseURL: String?

    @OptionGroup var publish: PublishOptions

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Build everything, without reading or writing the build cache.",
            discussion: "Without it, a build whose sources and output are unchanged since the last one does nothing."))
    var noCache = false

    @Flag(name: [.customShort("q"), .long], help: "Print errors only.")
    var quiet = false

    @Flag(name: .long, help: "Print the time each stage of the build took.")
    var timings = false

    func run() async throws {
        let start = ContinuousClock.now
        StagingCleanup.shared.removeFoldersOnInterrupt()
        let sourceURL = URL(fileURLWithPath: source)
        let outputURL = output.map { URL(fileURLWithPath: $0) } ?? sourceURL.appendingPathComponent("public")
        var options = publish.buildOptions
        options.baseURL = baseURL
        options.leavesMemoryToExit = true
        let cache = noCache ? nil : CacheFolder(site: sourceURL)
        let result = SiteBuilder(options: options).buildAndWrite(source: sourceURL, output: outputURL, cache: cache)
        let reporter = DiagnosticReporter(quiet: quiet)
        reporter.report(result.diagnostics)
        let seconds = start.duration(to: .now).seconds
        if !result.succeeded || result.diagnostics.containsErrors {
            FileHandle.standardError.write(Data((reporter.summary(of: result, seconds: seconds) + "\n").utf8))
            throw ExitCode.failure
        }
        if !quiet { print(reporter.summary(of: result, seconds: seconds)) }
        if timings {
            let width = result.timings.map(\.stage.count).max() ?? 0
            for (stage, stageSeconds) in result.timings {
                print("  \(stage.padding(toLength: width, withPad: " ", startingAt: 0)) \(String(format: "%8.4f s", stageSeconds))")
            }
        }
        // The process ends here: its memory goes with it, so the site's model is not taken apart piece by piece
        // first (a tenth of the time of a small warm build).
        fflush(nil)
        withExtendedLifetime(result) { Foundation.exit(EXIT_SUCCESS) }
    }
}
