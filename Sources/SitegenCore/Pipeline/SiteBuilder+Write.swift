import Foundation
import SitegenMarkdown

extension SiteBuilder {
    /// Loads the site in `source`, builds it, and, when the build has no errors, replaces `output` with it.
    /// - Parameter cache: Where to keep the build's record; when the record shows that neither the site nor the
    ///   output has changed since, nothing is built or written. `nil` builds everything and keeps nothing.
    /// - Returns: The build's result, with any load or write failure added to its diagnostics.
    public func buildAndWrite(source: URL, output: URL, cache: CacheFolder? = nil) -> BuildResult {
        let writer = OutputWriter(output: output)
        do {
            try writer.validate(sourceRoot: source)
        } catch {
            return BuildResult(failedWith: [error.diagnostic])
        }
        var clock = StageClock()
        let started = Date()
        let loader = ContentLoader(root: source)
        let inputs: ContentLoader.Inputs
        // The last build's record, its files by path, and the photo index are read while the site is walked; the
        // recorded files are looked at for as long as the walk lasts.
        let walking = Flag()
        let outputPath = writer.output.path
        // The commit checked out now is looked up beside the walk too, when the record depends on it.
        let (walked, (record, recordedOutputs, photoStore, headNow)) = concurrently(
            {
                defer { walking.set() }
                return loader.inputs()
            },
            {
                let record = cache?.record()
                let photoStore = PhotoProcessor.Store(folder: cache.map { $0.path + "/photos" })
                let headNow = record?.gitHead.map { _ in GitHistory.head(root: loader.root.path) ?? BuildRecord.noGitHead }
                return (record, record?.outputsByPath(lookingIn: outputPath, until: walking.isSet) ?? [:], photoStore, headNow)
            })
        switch walked {
        case .success(let found): inputs = found
        case .failure(let problem): return BuildResult(failedWith: [problem])
        }
        clock.lap("walk")
        let key = recordKey(source: inputs.tree.root, output: writer.output.path, walkProblems: inputs.diagnostics)
        if let record, !inputs.diagnostics.containsErrors,
            record.isCurrent(
                inputs: inputs.all, key: key, now: options.now, output: writer.output.path, head: headNow, seen: recordedOutputs)
        {
            var result = BuildResult(failedWith: [])
            result.upToDate = true
            result.pageCounts = record.pageCounts.map { ($0.kind, $0.count) }
            result.diagnostics = record.warnings
            clock.lap("check")
            result.timings = clock.stages
            return result
        }
        // The kept bodies are looked up while the posts the record vouches for are found and the others read.
        let ((siteSource, loadProblems, comparison, storedSite), bodyStore) = concurrently(
            {
                let comparison = record.map { InputComparison(inputs.all, record: $0, key: key, output: outputPath) }
                let (source, problems) = loader.read(inputs, trusting: comparison?.trusted ?? [:])
                // With the bytes of the site the last build kept, when this build may patch it.
                let stored = cache.flatMap { cache in comparison?.mayPatch == true ? KeptSite.Stored(at: cache.path + "/site") : nil }
                return (source, problems, comparison, stored)
            }, { cache.flatMap { BodyStore(in: $0, key: Self.bodyStoreKey) } })
        let unreadEntries = comparison?.trustedEntries ?? [:]
        let keptSite = bodyStore.flatMap { store in
            record?.dependencies.flatMap { KeptSite.find(storedSite, inputs: KeptSite.inputs(of: $0), store: store) }
        }
        defer { bodyStore?.file.unlock() }
        clock.lap("load")
        if loadProblems.containsErrors {
            return BuildResult(failedWith: loadProblems)
        }
        let (root, stamps, textHashes) = (siteSource.root, siteSource.stamps, siteSource.hashes)
        var noCache = BuildCache.none
        // The source is handed over, so that the build can let go of the texts once they are parsed.
        // Posts' HTML waits for their pages in the kept bodies' file, or else in an unnamed file beside the output,
        // where the staging folder goes.
        let spill = bodyStore?.file ?? SpillFile(in: writer.output.deletingLastPathComponent().path, memoryBudget: htmlKeptInMemory)
        var builder = self
        builder.photoStore = photoStore
        // The output is written whole unless the record knows it: its staging folder's folders are made while
        // the site is built.
        let staging = record?.outputFolder == writer.output.path ? nil : OutputWriter.Staging(for: writer)
        defer { staging?.discard() }
        if let staging { builder.pathsKnown = { paths in staging.makeFolders(for: paths) } }
        // Pages are taken as they are only from a record of the same sitegen, options and folders, and, when undated
        // posts take their dates from git, of the same commit (`headNow`, looked up beside the walk).
        let previous = record.flatMap { record -> (PageDependencies, [String: OutputWriter.KnownFile])? in
            guard let dependencies = record.dependencies, record.key == key, record.outputFolder == writer.output.path,
                record.gitHead == headNow
            else { return nil }
            return (dependencies, recordedOutputs)
        }
        var result: BuildResult
        if let record, let previous, let bodyStore, let comparison,
            let patched = builder.rebuildKeptSite(
                siteSource, kept: keptSite, record: record, changed: comparison.changed, previous: previous, bodyStore: bodyStore,
                loadProblems: loadProblems)
        {
            // The record's warnings, which are this build's, hold those of the load.
            result = patched
        } else {
            result = builder.build(
                consume siteSource, cache: &noCache, streamingPages: true, spill: spill, bodyStore: bodyStore, previous: previous,
                reread: { path in unreadEntries[path].flatMap(loader.readUnread) })
            result.diagnostics = (loadProblems + result.diagnostics).sortedByPosition()
        }
        if spill?.isDamaged == true { bodyStore?.discard() }
        result.timings.insert(contentsOf: clock.stages, at: 0)
        guard result.succeeded else { return result }
        // The site is kept with the bodies, found by the dependencies the record is about to hold.
        let keeping = result.kept.flatMap { kept in result.dependencies.map { (kept, KeptSite.inputs(of: $0)) } }
        // Nothing more is kept of the posts once the site is built: the kept bodies' index is written while the
        // output is (a body that cannot be read back while the pages are made discards it afterwards).
        let timeShown = result.filesShowingTheirTime
        let (outcome, (bodiesSaved, recordInputs)) = concurrently(
            { () -> Result<(OutputWriter.Written, [(stage: String, seconds: Double)]), OutputWriter.Failure> in
                do throws(OutputWriter.Failure) {
                    var writeClock = StageClock()
                    // With a record of the output as it is, only the files that changed are written; with the same
                    // key (sitegen, options, folders), a page whose fingerprint is unchanged is not even rendered.
                    let known = record.flatMap { record in
                        record.outputFolder != writer.output.path
                            ? nil
                            : record.key == key
                                ? recordedOutputs
                                : recordedOutputs.mapValues { OutputWriter.KnownFile(stamp: $0.stamp, hash: $0.hash, current: $0.current) }
                    }
                    let written: OutputWriter.Written
                    if let known, let updated = try writer.update(result.files, pages: result.pages, known: known) {
                        written = updated
                    } else {
                        written = try writer.write(result.files, pages: result.pages, staging: staging)
                    }
                    writeClock.lap("templates and write")
                    return .success((written, writeClock.stages))
                } catch {
                    return .failure(error)
                }
            },
            {
                // What the record says of the inputs, made meanwhile.
                let inputs = cache == nil ? [:] : Self.recordInputs(stamps: stamps, hashes: textHashes, timeShown: timeShown)
                guard let bodyStore else { return (true, inputs) }
                // The kept site's changes go into the index; the whole site beside it, under the index's generation.
                let changesKept = keeping.map { kept, inputs in kept.keepChanges(in: bodyStore.memo(of: .site), as: inputs) } ?? false
                guard bodyStore.save() == nil else { return (false, inputs) }
                if let (kept, inputs) = keeping, !changesKept || bodyStore.savedGeneration != bodyStore.generation,
                    let path = cache?.path
                {
                    if kept.write(to: path + "/site", inputs: inputs, generation: bodyStore.savedGeneration) != nil {
                        unlink(path + "/site")
                    }
                }
                return (true, inputs)
            })
        if !bodiesSaved || spill?.isDamaged == true { bodyStore?.discard() }
        let written: OutputWriter.Written
        switch outcome {
        case .success(let (done, stages)):
            written = done
            result.work.renderedPages = written.pagesMade
            result.work.madeFeeds = written.filesMade
            result.timings += stages
        case .failure(let error):
            cache?.forget()
            result.diagnostics.append(error.diagnostic)
            return result
        }
        if let cache {
            var recordClock = StageClock()
            let problem =
                self.record(
                    of: result, root: root, headNow: headNow, inputs: recordInputs, written: written, key: key, started: started,
                    output: writer.output.path
                ).map(cache.save) ?? "an output file could not be found after the write"
            if let problem {
                cache.forget()
                result.diagnostics.append(
                    .warning(cache.path, 0, 0, "cannot keep the build's record, so the next build will be a full one: \(problem)"))
            }
            recordClock.lap("record")
            result.timings += recordClock.stages
        }
        if options.leavesMemoryToExit { LeftToExit.keep([record, recordedOutputs, keptSite, bodyStore, unreadEntries]) }
        return result
    }

    /// Everything besides the site's files that a build's output depends on, with the problems found while
    /// walking the site (a link that leads out of it is not an input, but its warning is part of the result).
    private func recordKey(source: String, output: String, walkProblems: [Diagnostic]) -> String {
        ([
            "sitegen \(SitegenVersion.current)", "cmark-gfm \(MarkdownRenderer.cmarkVersion)", "source \(source)", "output \(output)",
            "base-url \(options.baseURL ?? "-")", "drafts \(options.includeDrafts)", "future \(options.includeFuture)",
            "git-dates \(options.useGitDates)", "zone \(TimeZone.current.identifier)", "binary \(Self.executableStamp)",
            "math \(MathTypesetter.toolsIdentity())",
        ] + walkProblems.map(\.description)).joined(separator: "; ")
    }

    /// The size and modification time of the running executable, so that a rebuilt sitegen of the same version
    /// (other dependencies, other code) does not trust pages made by the old one.
    static var executableStamp: String {
        var status = stat()
        guard let path = Bundle.main.executablePath, stat(path, &status) == 0 else { return "unknown" }
        let stamp = FileStamp(status)
        return "\(stamp.size)-\(stamp.modified)"
    }

    /// What the record says of each input: its stamp and the hash of its text (`stamps` and `hashes` are the
    /// source's), and whether its time shows in the output.
    private static func recordInputs(stamps: [String: FileStamp], hashes: [String: UInt64], timeShown: Set<String>)
        -> [String: BuildRecord.Input]
    {
        var inputs = [String: BuildRecord.Input](minimumCapacity: stamps.count)
        for (path, stamp) in stamps {
            inputs[path] = BuildRecord.Input(stamp: stamp, hash: hashes[path], timeShows: timeShown.contains(path))
        }
        return inputs
    }

    /// The record of a build that was written: what it read, with hashes of the texts, and what it wrote;
    /// `nil` when a written file cannot be found. `headNow` is the commit when it was looked up already.
    private func record(
        of result: BuildResult, root: String, headNow: String?, inputs: [String: BuildRecord.Input], written: OutputWriter.Written,
        key: String, started: Date, output: String
    ) -> BuildRecord? {
        var outputs: [BuildRecord.Output] = []
        outputs.reserveCapacity(written.files.count)
        // Files the update left as they were have their stamps; the written ones are looked at.
        var stamps = written.files.map(\.stamp)
        let looked = stamps.indices.filter { stamps[$0] == nil }
        for (index, stamp) in zip(looked, looked.parallelMap { FileStamp.of(output + "/" + written.files[$0].path) }) {
            stamps[index] = stamp
        }
        for (file, stamp) in zip(written.files, stamps) {
            guard let stamp else { return nil }
            outputs.append(
                .init(
                    path: file.path,
                    file: OutputWriter.KnownFile(stamp: stamp, hash: file.hash, fingerprint: file.fingerprint, reads: file.reads)))
        }
        return BuildRecord(
            key: key, started: Int64(started.timeIntervalSince1970 * 1_000_000_000), validUntil: result.validUntil.timeIntervalSince1970,
            gitHead: result.readGitHistory ? (headNow ?? GitHistory.head(root: root) ?? BuildRecord.noGitHead) : nil,
            inputs: inputs, outputFolder: output, outputs: outputs,
            pageCounts: result.pageCounts.map { BuildRecord.PageCount(kind: $0.kind, count: $0.count) },
            warnings: result.diagnostics.filter { $0.severity == .warning }, dependencies: result.dependencies)
    }
}
