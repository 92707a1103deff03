/// A file copied as it is into the output.
public struct StaticFile: Sendable {
    public var route: Route
    public var contents: AssetFile.Contents
}
