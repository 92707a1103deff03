import Foundation

/// The files found by walking the site, compared once with the last build's record: which posts need not be read,
/// whether the kept site may be patched, and which files a rebuild must look at to find the edits. Each file's
/// record entry is looked up once, for all three.
struct InputComparison {
    /// The posts whose stamp is the one the record has for them, from before its build began, and whose text it
    /// hashed, with that hash: their files need not be read. A post whose time shows, or that had a warning, is read.
    var trusted: [String: UInt64] = [:]
    /// The walk's entries of the ``trusted`` posts, by path, to read one after all.
    var trustedEntries: [String: SiteTree.Entry] = [:]
    /// Whether the site the last build kept may be what this build patches (``SiteBuilder/rebuildKeptSite``): the
    /// record, of a build with the same key into the same output, has dependencies, and every file found has an entry
    /// in it, with the same stamp unless it is a post.
    var mayPatch = false
    /// The files whose stamp differs from the record's, or was taken when its build began: only these may have been
    /// edited (``SiteBuilder/editedPosts(_:looking:record:)``).
    var changed: [String] = []

    init(_ entries: [SiteTree.Entry], record: BuildRecord, key: String, output: String) {
        let warned = Set(record.warnings.map(\.path))
        let recent = record.started - 1_000_000_000
        var allRecorded = true
        var onlyPostsChanged = true
        for entry in entries {
            guard let recorded = record.inputs[entry.path] else {
                allRecorded = false
                changed.append(entry.path)
                continue
            }
            let sameStamp = recorded.stamp == entry.stamp
            let isPost = SiteBuilder.isPost(entry.path)
            if !sameStamp, !isPost { onlyPostsChanged = false }
            guard sameStamp, entry.stamp.modified < recent else {
                changed.append(entry.path)
                continue
            }
            if isPost, let hash = recorded.hash, !recorded.timeShows, !warned.contains(entry.path) {
                trusted[entry.path] = hash
                trustedEntries[entry.path] = entry
            }
        }
        mayPatch =
            allRecorded && onlyPostsChanged && record.dependencies != nil && record.key == key && record.outputFolder == output
            && entries.count == record.inputs.count
    }
}
