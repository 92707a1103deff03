import SitegenMarkdown

extension Array where Element: Sendable {
    /// `map` on every core, keeping the order (``concurrentMap(count:state:_:)``).
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > 1 else { return map(transform) }
        return concurrentMap(count: count, state: {}) { _, index in transform(self[index]) }
    }
}
