import Dispatch
import Foundation
import Synchronization

/// Threads of `serve`'s own that answer requests. Answering may block (a page renders, a copied file is read),
/// so it runs neither on Swift's cooperative pool nor on GCD's: a rebuild's `concurrentPerform` takes every
/// GCD worker, and requests queued there would wait for the whole rebuild.
final class ResponderThreads: Sendable {
    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let waiting = DispatchSemaphore(value: 0)

    /// Starts `count` threads that live as long as the process.
    init(count: Int) {
        for number in 0..<count {
            let thread = Thread { [self] in
                while true {
                    waiting.wait()
                    let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                    job?()
                }
            }
            thread.name = "sitegen-respond-\(number)"
            thread.start()
        }
    }

    /// `work`'s result, computed on one of the threads while the caller's task waits without a thread.
    func run<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            jobs.withLock { $0.append { continuation.resume(returning: work()) } }
            waiting.signal()
        }
    }

    /// The threads every responder shares.
    static let shared = ResponderThreads(count: 8)
}
