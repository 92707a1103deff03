/// Numbers written as ASCII digits, `0`–`9` then `a`–`z` past nine: the photo index's decimal fields, JSON's
/// numbers and the search shards' base-36 postings.
enum Digits {
    /// The value of the digit `byte`; `nil` for a byte that is no digit of any radix up to 36.
    static func value(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a")) + 10
        default: nil
        }
    }

    /// Appends `number` in `radix` to `bytes`, with a `-` before a negative one; no string is made.
    static func append<Number: FixedWidthInteger>(_ number: Number, radix: Number = 10, to bytes: inout [UInt8]) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = UInt64(truncatingIfNeeded: number.magnitude)
        // The radixes in use, with divisions the compiler turns into multiplications.
        switch radix {
        case 10: append(magnitude, radix: 10, to: &bytes)
        case 36: append(magnitude, radix: 36, to: &bytes)
        default: append(magnitude, radix: UInt64(truncatingIfNeeded: radix), to: &bytes)
        }
    }

    /// Appends `value`'s digits, made from the last into a buffer of the most a 64-bit number can have.
    @inline(__always)
    private static func append(_ value: UInt64, radix: UInt64, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
            var start = buffer.count
            var rest = value
            repeat {
                let digit = UInt8(truncatingIfNeeded: rest % radix)
                start -= 1
                buffer[start] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
                rest /= radix
            } while rest != 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }
}
