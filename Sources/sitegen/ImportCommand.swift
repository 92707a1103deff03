import ArgumentParser
import Foundation
import SitegenCore

/// `sitegen import jekyll|hugo PATH`: a new sitegen site from an existing blog.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring a Jekyll or Hugo blog into a new sitegen site.",
        discussion: """
            Posts, pages, static files and settings are copied; Liquid tags and Hugo shortcodes with a sitegen \
            equivalent are converted, old URLs are kept with permalinks and aliases, and what cannot be converted is \
            listed as path:line warnings. The blog's folder is only read; existing files are never replaced.
            """)

    @Argument(help: "jekyll or hugo.")
    var generator: SiteImporter.Generator

    @Argument(help: "The blog's folder.")
    var path: String

    @Option(name: .long, help: "The folder to create the site in.")
    var into = "."

    @Option(name: .long, help: "The site's address (base_url), when the blog's settings do not give it.")
    var baseURL: String?

    func run() async throws {
        let source = URL(fileURLWithPath: path)
        let target = URL(fileURLWithPath: into)
        if target.standardizedFileURL.path == source.standardizedFileURL.path {
            FileHandle.standardError.write(Data("error: import into another folder than the blog's own (--into)\n".utf8))
            throw ExitCode.failure
        }
        let plan: SiteImporter.Plan
        switch SiteImporter(generator: generator, root: source).plan(baseURL: baseURL) {
        case .success(let planned): plan = planned
        case .failure(let problem):
            FileHandle.standardError.write(Data("\(problem)\n".utf8))
            throw ExitCode.failure
        }
        do {
            let written = try SiteImporter(generator: generator, root: source).write(plan, under: target)
            for problem in plan.report.sortedByPosition() { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            let posts = written.count { $0.hasPrefix("content/posts/") && $0.hasSuffix(".md") }
            print(
                "Imported \(posts) posts and \(written.count - posts) other files into \(target.path), "
                    + "\(plan.report.count == 1 ? "1 thing" : "\(plan.report.count) things") to look at above. "
                    + "Next: sitegen check --source \(into)")
        } catch let conflict as Scaffold.Conflict {
            FileHandle.standardError.write(Data((conflict.description + "\n").utf8))
            throw ExitCode.failure
        } catch let failure as SiteImporter.Failure {
            FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            throw ExitCode.failure
        }
    }
}

extension SiteImporter.Generator: ExpressibleByArgument {}
