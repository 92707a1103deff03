import Foundation
import Testing
import Yams

@testable import SitegenCore

/// The GitHub Actions workflows, read as GitHub reads them: triggers, least permissions, the Pages actions in
/// order, and step outputs that name existing steps. (actionlint itself cannot be installed here; see README.)
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
            uses.filter {
                $0.hasPrefix("actions/checkout") || $0.hasPrefix("actions/configure-pages") || $0.hasPrefix("actions/upload-pages-artifact")
            }
                == ["actions/checkout@v4", "actions/configure-pages@v5", "actions/upload-pages-artifact@v3"], sourceLocation: sourceLocation
        )
        #expect(uses.contains("actions/cache@v4"), sourceLocation: sourceLocation)
        #expect(value(value(build, "permissions"), "pages")?.string == "read", sourceLocation: sourceLocation)
        let runs = buildSteps.compactMap { value($0, "run")?.string }.joined(separator: "\n")
        #expect(runs.contains("build --base-url \"${{ steps.pages.outputs.base_url }}/\""), sourceLocation: sourceLocation)
        #expect(runs.contains("swift build -c release"), sourceLocation: sourceLocation)
        #expect(value(buildSteps.last, "with").flatMap { value($0, "path") }?.string == "public", sourceLocation: sourceLocation)

        let deploy = value(jobs, "deploy")
        #expect(value(deploy, "needs")?.string == "build", sourceLocation: sourceLocation)
        let permissions = value(deploy, "permissions")?.mapping.map {
            Dictionary(uniqueKeysWithValues: $0.map { ($0.key.string ?? "", $0.value.string ?? "") })
        }
        #expect(permissions == ["pages": "write", "id-token": "write"], sourceLocation: sourceLocation)
        #expect(value(value(deploy, "environment"), "name")?.string == "github-pages", sourceLocation: sourceLocation)
        let deploySteps = value(deploy, "steps")?.sequence ?? []
        #expect(deploySteps.compactMap { value($0, "uses")?.string } == ["actions/deploy-pages@v4"], sourceLocation: sourceLocation)

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

    @Test func theRepositorysDeployWorkflowPublishesWithLeastPermissions() throws {
        try checkPagesWorkflow(try load(".github/workflows/deploy.yml"))
    }

    @Test func theWorkflowThatInitWritesPublishesAPinnedSitegen() throws {
        let workflow = try #require(try Yams.compose(yaml: Scaffold.pagesWorkflow))
        try checkPagesWorkflow(workflow)
        #expect(value(value(workflow, "env"), "SITEGEN_VERSION")?.string == SitegenVersion.current)
        #expect(Scaffold.pagesWorkflow.contains("--branch \"v${SITEGEN_VERSION}\""))
        #expect(
            Scaffold.site(day: "2025-01-01").contains { $0.path == ".github/workflows/deploy.yml" && $0.text == Scaffold.pagesWorkflow })
    }

    @Test func pullRequestsRunTheTestSuite() throws {
        let workflow = try load(".github/workflows/tests.yml")
        #expect(value(value(workflow, "on"), "pull_request") != nil)
        #expect(value(value(workflow, "permissions"), "contents")?.string == "read")
        let steps = value(value(value(workflow, "jobs"), "test"), "steps")?.sequence ?? []
        #expect(steps.compactMap { value($0, "run")?.string }.contains { $0.contains("scripts/test.sh") })
    }
}
