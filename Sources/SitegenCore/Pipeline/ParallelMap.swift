import Foundation
import SitegenMarkdown
import Synchronization

extension Array where Element: Sendable {
    /// `map` on every core, keeping the order (``concurrentMap(count:state:_:)``).
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > 1 else { return map(transform) }
        return concurrentMap(count: count, state: {}) { _, index in transform(self[index]) }
    }
}

/// `first()` and `second()` side by side: `first` on the calling thread, `second` on a thread of its own, so that
/// it runs at once whatever the dispatch pool is doing.
func concurrently<First, Second: Sendable>(_ first: () -> First, _ second: @escaping @Sendable () -> Second) -> (First, Second) {
    let result = Locked<Second?>(nil)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        let made = second()
        result.withLock { $0 = made }
        done.signal()
    }
    thread.start()
    let one = first()
    done.wait()
    guard let two = result.withLock({ $0.take() }) else { preconditionFailure("the thread sets its result before it signals") }
    return (one, two)
}

/// A flag one thread sets and another reads, such as "the walk is done".
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)

    func set() { value.store(true, ordering: .releasing) }

    func isSet() -> Bool { value.load(ordering: .acquiring) }
}
