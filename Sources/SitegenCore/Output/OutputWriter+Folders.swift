extension OutputWriter {
    /// Every folder that `files` and the pages of `pages` go in, each with the origin of the first file that needs
    /// it, to blame when it cannot be made; a failure when a path would leave the output folder.
    static func folders(of files: [OutputFile], pages: PageStream) -> Result<[String: OutputFile.Origin?], Failure> {
        var folders = [String: OutputFile.Origin?](minimumCapacity: files.count + pages.count)
        func add(_ path: String, _ origin: OutputFile.Origin?) -> Failure? {
            guard OutputFile.isContained(path) else { return Failure(path: path, message: "output path escapes the output folder") }
            var end = path.utf8.endIndex
            while let slash = path.utf8[..<end].lastIndex(of: UInt8(ascii: "/")) {
                let folder = String(path[..<slash])
                guard folders[folder] == nil else { break }
                folders[folder] = origin
                end = slash
            }
            return nil
        }
        for file in files { if let failure = add(file.path, file.origin) { return .failure(failure) } }
        for (path, origin) in zip(pages.paths, pages.origins) { if let failure = add(path, origin) { return .failure(failure) } }
        return .success(folders)
    }
}
