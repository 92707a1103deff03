import Foundation

extension String {
    /// Whether `self` comes before `other` in the order of their UTF-8 bytes, which is the order of their code
    /// points: one `memcmp`, without the Unicode normalisation that `<` does. For sorting thousands of paths.
    func precedesInUTF8(_ other: String) -> Bool {
        // Native strings lend their bytes in place, without the copies (and reference counting) of `withUTF8`.
        let inPlace = utf8.withContiguousStorageIfAvailable { left in
            other.utf8.withContiguousStorageIfAvailable { right in Self.precedes(left, right) }
        }
        if let inPlace, let order = inPlace { return order }
        return Self.precedes(Array(utf8), Array(other.utf8))
    }

    private static func precedes(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = Swift.min(left.count, right.count)
        guard common > 0, let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return left.count < right.count }
        let order = memcmp(leftBase, rightBase, common)
        return order != 0 ? order < 0 : left.count < right.count
    }

    private static func precedes(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        left.withUnsafeBufferPointer { left in right.withUnsafeBufferPointer { right in precedes(left, right) } }
    }
}
