/// What a content file is, from the folder it is in.
public enum ContentKind: String, Sendable, Equatable {
    /// `content/posts/`: dated journal entries.
    case post
    /// `content/projects/`: the things the author builds.
    case project
    /// `content/pages/` (and `content/*.md`): standalone pages such as About.
    case page
}
