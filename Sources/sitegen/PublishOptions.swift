import ArgumentParser
import SitegenCore

/// `--drafts` and `--future`, shared by `build`, `serve` and `check`.
struct PublishOptions: ParsableArguments {
    @Flag(name: .long, help: "Include posts and pages marked draft.")
    var drafts = false

    @Flag(name: .long, help: "Include posts dated in the future.")
    var future = false

    /// Build options with these switches set.
    var buildOptions: BuildOptions {
        var options = BuildOptions()
        options.includeDrafts = drafts
        options.includeFuture = future
        return options
    }
}
