import Foundation

/// Measures the stages of a build.
struct StageClock {
    private var last = ContinuousClock.now
    private(set) var stages: [(stage: String, seconds: Double)] = []

    /// Records the time since the previous lap under `stage`.
    mutating func lap(_ stage: String) {
        let now = ContinuousClock.now
        stages.append((stage, last.duration(to: now).seconds))
        last = now
    }
}
