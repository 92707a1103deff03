import Foundation
import SitegenFuzzEntries
import Testing

/// Every input under `Fuzz/Regressions/<target>/` (crashes the fuzzers found, and the seeds that reach each
/// class of hostile input) run through its target again; a crash or a broken property stops the test process.
@Suite struct FuzzRegressionTests {
    static let regressions = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/Regressions")

    static func inputs(of target: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(
            at: regressions.appendingPathComponent(target), includingPropertiesForKeys: nil
        )
        .filter { !$0.lastPathComponent.hasPrefix(".") }
        .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test(arguments: ["document", "template", "request-path"])
    func replaysEveryKeptInput(target: String) throws {
        let entry = try #require(FuzzEntries.all[target])
        let inputs = try Self.inputs(of: target)
        #expect(!inputs.isEmpty, "Fuzz/Regressions/\(target) has no inputs")
        for input in inputs {
            entry(Array(try Data(contentsOf: input)))
        }
    }
}
