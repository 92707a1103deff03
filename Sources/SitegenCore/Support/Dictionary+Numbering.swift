extension Dictionary where Value == Int {
    /// The number kept under `key`; a key not seen before is given `next` (the count of what is numbered so far),
    /// and `add` makes what that number stands for.
    mutating func number(of key: Key, next: Int, adding add: () -> Void) -> Int {
        if let known = self[key] { return known }
        self[key] = next
        add()
        return next
    }
}
