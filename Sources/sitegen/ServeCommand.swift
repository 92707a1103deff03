import ArgumentParser
import Foundation
import SitegenCore
import SitegenServe

/// `sitegen serve`: previews the site with live reload.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site, rebuilding and reloading the browser on every save.",
        discussion: """
            The site is built in memory and never written to disk; open pages reload when a file under content/ or \
            templates/, or site.yml, changes. A build error is shown in the browser and in the terminal, and the last \
            site that built keeps being served.
            """)

    @Option(name: .long, help: "The site's folder.")
    var source = "."

    @Option(name: .long, help: "The address to listen on. Anything but loopback exposes the site to the network.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on.")
    var port = 8000

    @Option(
        name: .customLong("allow-host"),
        help: "Also answer requests for this host name (repeatable); others than localhost and --host get 403.")
    var allowHosts: [String] = []

    @OptionGroup var publish: PublishOptions

    @Flag(name: .long, help: "Watch by polling file times instead of system notifications (network or container mounts).")
    var poll = false

    @Flag(name: .long, help: "Open the site in the default browser.")
    var open = false

    @Option(name: .long, help: .hidden)
    var idleTimeout = Limits.serveIdleSeconds

    @Option(name: .long, help: .hidden)
    var maxConnections = Limits.serveConnections

    @Option(name: .long, help: .hidden)
    var heartbeat = Limits.serveHeartbeatSeconds

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
        guard idleTimeout > 0, maxConnections > 0, heartbeat > 0 else { throw ValidationError("limits must be above 0") }
    }

    func run() async throws {
        var configuration = PreviewServer.Configuration(source: URL(fileURLWithPath: source))
        configuration.host = host
        configuration.port = port
        configuration.buildOptions = publish.buildOptions
        configuration.polling = poll
        configuration.openBrowser = open
        configuration.idleSeconds = idleTimeout
        configuration.maximumConnections = maxConnections
        configuration.heartbeatSeconds = heartbeat
        configuration.allowedHosts = allowHosts
        do {
            try await PreviewServer(configuration: configuration).run()
        } catch let failure as PreviewServer.Failure {
            FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            throw ExitCode.failure
        }
    }
}
