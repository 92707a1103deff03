/// Where a post's date came from; the fallbacks are warned about.
public enum DateOrigin: Int, Sendable, Equatable {
    case frontMatter
    case fileName
    case gitCommit
    case modificationTime
}
