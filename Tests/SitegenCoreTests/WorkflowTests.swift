import Foundation
import Testing
import Yams

@testable import SitegenCore

/// The GitHub Actions workflows, read as GitHub reads them: triggers, least permissions, the Pages actions in
/// order, pinned to the commits of ``PinnedActions``, and step outputs that name existing steps. actionlint
/// and zizmor check the same files in scripts/check-workflows.sh.
@Suite struct WorkflowTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func load(_ path: String) throws -> Node {
        try #require(try Yams.compose(yaml: String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)))
    }

    /// The value under `key`, comparing keys as written (so that `on` is not read as a boolean).
    private func value(_ node: Node?, _ key: String) -> Node? {
        node?.mapping?.first { $0.key.string == key }?.value
    }

    private func strings(_ node: Node?) -> [String] { node?.sequence?.compactMap(\.string) ?? [] }

    private func checkPagesWorkflow(_ workflow: Node, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let on = value(workflow, "on")
        #expect(strings(value(value(on, "push"), "branches")) == ["main"], sourceLocation: sourceLocation)
        #expect(value(on, "workflow_dispatch") != nil, sourceLocation: sourceLocation)
        let cron = value(value(on, "schedule")?.sequence?.first, "cron")?.string ?? ""
        #expect(cron.split(separator: " ").count == 5, "a nightly schedule", sourceLocation: sourceLocation)
        #expect(value(value(workflow, "permissions"), "contents")?.string == "read", sourceLocation: sourceLocation)
        #expect(value(workflow, "permissions")?.mapping?.count == 1, "nothing more at the top", sourceLocation: sourceLocation)
        #expect(value(value(workflow, "concurrency"), "group")?.string == "pages", sourceLocation: sourceLocation)

        let jobs = value(workflow, "jobs")
        let build = value(jobs, "build")
        let buildSteps = value(build, "steps")?.sequence ?? []
        let uses = buildSteps.compactMap { value($0, "uses")?.string }
        #expect(
            uses.filter { $0.hasPrefix("actions/") }
                == [PinnedActions.checkout, PinnedActions.configurePages, PinnedActions.uploadPagesArtifact].map(Self.reference),
            sourceLocation: sourceLocation)
        let checkout = buildSteps.first { value($0, "uses")?.string?.hasPrefix("actions/checkout@") == true }
        #expect(value(value(checkout, "with"), "persist-credentials")?.string == "false", sourceLocation: sourceLocation)
        #expect(value(value(build, "permissions"), "pages")?.string == "read", sourceLocation: sourceLocation)
        let sitegen = try #require(buildSteps.first { value($0, "uses")?.string?.hasPrefix("actions/") == false })
        #expect(value(value(sitegen, "with"), "base-url")?.string == "${{ steps.pages.outputs.base_url }}/", sourceLocation: sourceLocation)
        let inputs = Set((value(try load("action.yml"), "inputs")?.mapping?.keys.compactMap(\.string)) ?? [])
        for key in value(sitegen, "with")?.mapping?.keys.compactMap(\.string) ?? [] {
            #expect(inputs.contains(key), "the action has no input `\(key)`", sourceLocation: sourceLocation)
        }
        #expect(value(buildSteps.last, "with").flatMap { value($0, "path") }?.string == "public", sourceLocation: sourceLocation)

        let deploy = value(jobs, "deploy")
        #expect(value(deploy, "needs")?.string == "build", sourceLocation: sourceLocation)
        let permissions = value(deploy, "permissions")?.mapping.map {
            Dictionary(uniqueKeysWithValues: $0.map { ($0.key.string ?? "", $0.value.string ?? "") })
        }
        #expect(permissions == ["pages": "write", "id-token": "write"], sourceLocation: sourceLocation)
        #expect(value(value(deploy, "environment"), "name")?.string == "github-pages", sourceLocation: sourceLocation)
        let deploySteps = value(deploy, "steps")?.sequence ?? []
        #expect(
            deploySteps.compactMap { value($0, "uses")?.string } == [Self.reference(PinnedActions.deployPages)],
            sourceLocation: sourceLocation)

        // Every `steps.<id>.outputs` names a step of the same job.
        for job in [build, deploy] {
            let ids = Set((value(job, "steps")?.sequence ?? []).compactMap { value($0, "id")?.string })
            let text = try Yams.serialize(node: try #require(job))
            for reference in text.components(separatedBy: "steps.").dropFirst() {
                let id = String(reference.prefix { $0 != "." })
                #expect(ids.contains(id), "steps.\(id) is not a step of its job", sourceLocation: sourceLocation)
            }
        }
    }

    /// `owner/name@commit` of a pin, without its version comment.
    static func reference(_ pin: String) -> String { String(pin.prefix { $0 != " " }) }

    @Test func theRepositorysDeployWorkflowPublishesWithItsOwnAction() throws {
        let workflow = try load(".github/workflows/deploy.yml")
        try checkPagesWorkflow(workflow)
        let steps = value(value(value(workflow, "jobs"), "build"), "steps")?.sequence ?? []
        #expect(steps.contains { value($0, "uses")?.string == "./" })
    }

    @Test func theWorkflowThatInitWritesUsesTheSitegenActionAtACommit() throws {
        let action = try #require(ActionReference("someone/sitegen@de0fac2e4500dabe0009e67214ff5f5447ce83dd"))
        let text = Scaffold.pagesWorkflow(action: action)
        let workflow = try #require(try Yams.compose(yaml: text))
        try checkPagesWorkflow(workflow)
        #expect(text.contains("      - uses: someone/sitegen@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v\(SitegenVersion.current)\n"))
        #expect(value(value(workflow, "jobs"), "sitegen-action") == nil)
        #expect(Scaffold.site(day: "2025-01-01", action: action).contains { $0.path == ".github/workflows/deploy.yml" && $0.text == text })
    }

    @Test func withoutAKnownActionTheWorkflowFailsFirstWithOneLine() throws {
        let text = Scaffold.pagesWorkflow(action: nil)
        let workflow = try #require(try Yams.compose(yaml: text))
        try checkPagesWorkflow(workflow)
        let jobs = value(workflow, "jobs")
        #expect(value(value(jobs, "build"), "needs")?.string == "sitegen-action", "the placeholder is never fetched")
        let check = value(value(jobs, "sitegen-action"), "steps")?.sequence?.first
        let script = value(check, "run")?.string ?? ""
        #expect(script.hasPrefix("echo \"::error file=.github/workflows/deploy.yml::Replace ${PLACEHOLDER}"))
        #expect(script.hasSuffix("exit 1\n"))
        #expect(value(value(check, "env"), "PLACEHOLDER")?.string == Scaffold.placeholderAction)
    }

    @Test func actionReferencesComeFromGitHubRemotesAndFullCommits() {
        let commit = "de0fac2e4500dabe0009e67214ff5f5447ce83dd"
        #expect(ActionReference.gitHubRepository("https://github.com/someone/sitegen.git") == "someone/sitegen")
        #expect(ActionReference.gitHubRepository("git@github.com:some-one/site.gen.git") == "some-one/site.gen")
        #expect(ActionReference.gitHubRepository("https://gitlab.com/someone/sitegen") == nil)
        #expect(ActionReference.gitHubRepository("someone/../sitegen") == nil)
        #expect(ActionReference("someone/sitegen@\(commit)")?.commit == commit)
        #expect(ActionReference("someone/sitegen@v0.1.0") == nil, "a tag moves; only a commit is pinned")
        #expect(ActionReference("someone/sitegen@\(commit.prefix(12))") == nil)
    }

    @Test func initFindsTheActionOfTheCheckoutItWasBuiltInOrOfItsInstall() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-action-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkout = folder.appendingPathComponent("sitegen")
        let binary = checkout.appendingPathComponent(".build/x86_64-unknown-linux-gnu/release/sitegen")
        try FileManager.default.createDirectory(at: binary.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data().write(to: binary)
        #expect(ActionReference.discover(executable: binary.path) == nil, "not a git checkout")
        func git(_ arguments: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", checkout.path, "-c", "user.name=t", "-c", "user.email=t@example.org"] + arguments
            try process.run()
            process.waitUntilExit()
        }
        try git("init", "-q")
        try "x".write(to: checkout.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        try git("add", "Package.swift")
        try git("commit", "-qm", "first")
        try git("remote", "add", "origin", "git@github.com:someone/sitegen.git")
        let found = try #require(ActionReference.discover(executable: binary.path))
        #expect(found.repository == "someone/sitegen")
        #expect(ActionReference.isCommitHash(found.commit))

        let installed = folder.appendingPathComponent("prefix/bin/sitegen")
        try FileManager.default.createDirectory(at: installed.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data().write(to: installed)
        #expect(ActionReference.discover(executable: installed.path) == nil)
        let record = folder.appendingPathComponent("prefix/share/sitegen/action")
        try FileManager.default.createDirectory(at: record.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "someone/sitegen@\(found.commit)\n".write(to: record, atomically: true, encoding: .utf8)
        #expect(ActionReference.discover(executable: installed.path) == found)
    }

    @Test func everyActionInTheRepositoryIsPinnedToACommitOfPinnedActions() throws {
        let files = [".github/workflows/deploy.yml", ".github/workflows/tests.yml", "action.yml"]
        for file in files {
            let text = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("uses: ") && !line.contains("uses: ./") {
                let pin = line.split(separator: "uses: ", maxSplits: 1).last.map(String.init) ?? ""
                #expect(PinnedActions.all.contains(pin), "\(file): \(pin) is not one of PinnedActions")
            }
        }
        for pin in PinnedActions.all {
            #expect(ActionReference(Self.reference(pin)) != nil, "\(pin) names a full commit")
        }
    }

    @Test func pullRequestsRunTheTestSuite() throws {
        let workflow = try load(".github/workflows/tests.yml")
        #expect(value(value(workflow, "on"), "pull_request") != nil)
        #expect(value(value(workflow, "permissions"), "contents")?.string == "read")
        let steps = value(value(value(workflow, "jobs"), "test"), "steps")?.sequence ?? []
        #expect(steps.compactMap { value($0, "run")?.string }.contains { $0.contains("scripts/test.sh") })
    }
}
