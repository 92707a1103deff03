/// A project's state.
public enum ProjectStatus: String, Sendable, Equatable, CaseIterable {
    case planned
    case active
    case done

    /// "Planned", "Active", "Done".
    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}
