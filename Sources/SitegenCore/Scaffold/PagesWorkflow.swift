import Foundation

/// A commit of a sitegen repository on GitHub, as a workflow's `uses:` names the sitegen action there.
public struct ActionReference: Sendable, Equatable, CustomStringConvertible {
    /// `owner/name`.
    public var repository: String
    /// A full 40-digit commit hash.
    public var commit: String

    /// `owner/name@commit`.
    public var description: String { "\(repository)@\(commit)" }

    /// Reads `owner/name@commit`; `nil` unless the owner and name are GitHub names and the commit has 40 hex digits.
    public init?(_ text: String) {
        let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2, let repository = Self.gitHubRepository(parts[0]), Self.isCommitHash(parts[1]) else { return nil }
        self.repository = repository
        self.commit = parts[1].lowercased()
    }

    public init?(repository: String, commit: String) {
        self.init("\(repository)@\(commit)")
    }

    /// `owner/name` from that form or from a GitHub remote: `https://github.com/owner/name(.git)` or
    /// `git@github.com:owner/name(.git)`.
    public static func gitHubRepository(_ remote: String) -> String? {
        var path = remote.trimmingCharacters(in: .whitespacesAndNewlines)
        for prefix in ["https://github.com/", "http://github.com/", "ssh://git@github.com/", "git@github.com:"] where path.hasPrefix(prefix)
        {
            path = String(path.dropFirst(prefix.count))
        }
        if path.hasSuffix(".git") { path = String(path.dropLast(4)) }
        if path.hasSuffix("/") { path = String(path.dropLast()) }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.".utf8)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(allowed.contains) && $0 != "." && $0 != ".." })
        else { return nil }
        return path
    }

    static func isCommitHash(_ text: String) -> Bool {
        text.utf8.count == 40 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0 | 0x20) }
    }

    /// The sitegen checkout `executable` was built in (it lies under the checkout's `.build/`): its GitHub
    /// remote `origin` and the commit it has checked out; else what `scripts/install.sh` recorded beside the
    /// installed binary, in `../share/sitegen/action`.
    public static func discover(executable: String) -> ActionReference? {
        let resolved = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        var folder = resolved.deletingLastPathComponent()
        while folder.path != "/" {
            if folder.lastPathComponent == ".build" {
                let checkout = folder.deletingLastPathComponent().path
                guard let remote = git(["config", "--get", "remote.origin.url"], in: checkout),
                    let repository = gitHubRepository(remote),
                    let commit = git(["rev-parse", "HEAD"], in: checkout)
                else { return nil }
                return ActionReference(repository: repository, commit: commit)
            }
            folder = folder.deletingLastPathComponent()
        }
        let recorded = resolved.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/sitegen/action")
        return (try? String(contentsOf: recorded, encoding: .utf8)).flatMap {
            ActionReference($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    private static func git(_ arguments: [String], in folder: String) -> String? {
        GitHistory.output(of: ["-C", folder] + arguments).map {
            String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}

/// The third-party actions sitegen's workflows use, each pinned to the commit of a release (the version in a
/// comment), in one place: the workflow `init` writes takes them from here, and a test holds the repository's
/// own workflows and `action.yml` to the same pins.
public enum PinnedActions {
    public static let checkout = "actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2"
    public static let cache = "actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5"
    public static let configurePages = "actions/configure-pages@45bfe0192ca1faeb007ade9deae92b16b8254a0d # v6.0.0"
    public static let uploadPagesArtifact = "actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9 # v5.0.0"
    public static let deployPages = "actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128 # v5.0.0"

    public static let all = [checkout, cache, configurePages, uploadPagesArtifact, deployPages]
}

extension Scaffold {
    /// What the generated workflow names when sitegen's repository is not known; a first job fails on it with
    /// one line before GitHub tries to fetch it.
    static let placeholderAction = "OWNER/sitegen@0000000000000000000000000000000000000000"

    /// The GitHub Pages workflow of a site's repository: the sitegen action at `action` builds sitegen (cached
    /// between runs) and the site, and the Pages actions publish `public/`; nightly too, so that a post dated
    /// in the future goes live on its day.
    public static func pagesWorkflow(action: ActionReference?) -> String {
        let uses = action.map { "\($0) # v\(SitegenVersion.current)" } ?? "\(placeholderAction) # v\(SitegenVersion.current)"
        let guardJob =
            action == nil
            ? """
              sitegen-action:
                name: Check the sitegen action
                runs-on: ubuntu-latest
                steps:
                  - name: Check which sitegen this workflow uses
                    run: |
                      echo "::error file=.github/workflows/deploy.yml::Replace ${PLACEHOLDER} in this workflow with the GitHub repository and commit of sitegen, or run: sitegen init --action OWNER/NAME@COMMIT"
                      exit 1
                    env:
                      PLACEHOLDER: \(placeholderAction)


            """ : ""
        let needsGuard = action == nil ? "\n    needs: sitegen-action" : ""
        return """
            # Publishes this site to GitHub Pages with sitegen. In the repository's settings, under Pages, set
            # "Source" to "GitHub Actions".
            name: Deploy to GitHub Pages

            on:
              push:
                branches: [main]
              workflow_dispatch:
              schedule:
                # Nightly, so that a post dated in the future is published on its day.
                - cron: "23 4 * * *"

            permissions:
              contents: read # to check out the site

            concurrency:
              group: pages
              cancel-in-progress: false

            jobs:
            \(guardJob)  build:\(needsGuard)
                name: Build the site
                runs-on: ubuntu-latest
                container: swift:6.3-bookworm
                permissions:
                  contents: read # to check out the site
                  pages: read # for configure-pages to read the site's address
                steps:
                  - name: Install git, cmark-gfm and libvips
                    run: |
                      apt-get update
                      apt-get install -y --no-install-recommends git ca-certificates pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libvips-dev
                  - uses: \(PinnedActions.checkout)
                    with:
                      # Posts without a date take the date of their last commit.
                      fetch-depth: 0
                      persist-credentials: false
                  - id: pages
                    uses: \(PinnedActions.configurePages)
                  # Builds sitegen at this commit (cached between runs), then the site into public/.
                  - uses: \(uses)
                    with:
                      base-url: ${{ steps.pages.outputs.base_url }}/
                  - uses: \(PinnedActions.uploadPagesArtifact)
                    with:
                      path: public

              deploy:
                name: Publish to GitHub Pages
                needs: build
                runs-on: ubuntu-latest
                permissions:
                  pages: write # to publish the site
                  id-token: write # to prove the deployment comes from this workflow
                environment:
                  name: github-pages
                  url: ${{ steps.deployment.outputs.page_url }}
                steps:
                  - id: deployment
                    uses: \(PinnedActions.deployPages)

            """
    }
}
