import ArgumentParser
import SitegenCore
import SitegenMarkdown

/// The `sitegen` command.
@main
struct Sitegen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "A fast static site generator for learning journals.",
        version: "sitegen \(SitegenVersion.current) (cmark-gfm \(MarkdownRenderer.cmarkVersion))",
        subcommands: [InitCommand.self, NewCommand.self, BuildCommand.self, ServeCommand.self, CheckCommand.self, ImportCommand.self],
        defaultSubcommand: nil)
}
