import SitegenMarkdown

/// The machine files of one state of a site as `sitegen serve` keeps it: made once, when first asked for, from
/// those of an earlier state when the site is that state with a few posts' presentation edited
/// (``LiveModel/patching(_:)``). Then only the feeds that show those posts, the sitemap and the search files are
/// made again, and the search files only redo the edited posts' share.
final class MachineFilesMemo: Sendable {
    private struct State {
        var made: MachineFiles.Made?
        /// The state this one was patched from, and the posts edited since; let go of once the files are made.
        var base: (memo: MachineFilesMemo, changed: Set<Int>)?
    }

    private let state: Locked<State>

    /// A memo with nothing to start from.
    init() {
        state = Locked(State())
    }

    private init(base: MachineFilesMemo, changed: Set<Int>) {
        state = Locked(State(base: (base, changed)))
    }

    /// The memo of this state with the posts at `changed` edited.
    func patched(changed: Set<Int>) -> MachineFilesMemo {
        MachineFilesMemo(base: self, changed: changed)
    }

    /// The files, made now unless they were.
    func files(site: Site, pages: [PageJob]) -> [OutputFile] {
        state.withLock { state in
            if let made = state.made { return made.files }
            let (previous, changed) = state.base.map { $0.memo.madeOrBase(changed: $0.changed) } ?? (nil, [])
            let made = MachineFiles(site: site).make(pages: pages, previous: previous, changed: changed)
            state.made = made
            state.base = nil
            return made.files
        }
    }

    /// The files of the newest state before this one that made them, with the posts edited since, adding
    /// `changed`; `nil` when none did.
    private func madeOrBase(changed: Set<Int>) -> (MachineFiles.Made?, Set<Int>) {
        let (made, base) = state.withLock { ($0.made, $0.base) }
        if let made { return (made, changed) }
        guard let base else { return (nil, []) }
        return base.memo.madeOrBase(changed: changed.union(base.changed))
    }
}
