/// Pages whose paths are known before their HTML, rendered one by one as the writer writes them, so that a
/// site's HTML is never held in memory whole: peak memory follows the site model, not the output.
public struct PageStream: Sendable {
    /// How many pages there are.
    public let count: Int
    /// Each page's path in the output folder.
    let paths: [String]
    /// Each page's source and line, to blame when it cannot be written.
    let origins: [OutputFile.Origin?]
    /// Makes page `index`'s bytes, or the error that stops the build.
    let render: @Sendable (_ index: Int) -> Result<[UInt8], Diagnostic>

    init(
        paths: [String], origins: [OutputFile.Origin?], render: @escaping @Sendable (_ index: Int) -> Result<[UInt8], Diagnostic>
    ) {
        count = paths.count
        self.paths = paths
        self.origins = origins
        self.render = render
    }

    /// No pages.
    public static let empty = PageStream(paths: [], origins: [], render: { _ in .success([]) })
}
