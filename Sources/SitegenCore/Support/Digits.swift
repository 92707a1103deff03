/// Numbers written as ASCII digits, `0`–`9` then `a`–`z` past nine: the build record's decimal and hexadecimal
/// fields and the search shards' base-36 postings.
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
        // Digits from the last, then turned around.
        let start = bytes.count
        var rest = number
        repeat {
            let digit = UInt8(truncatingIfNeeded: (rest % radix).magnitude)
            bytes.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
            rest /= radix
        } while rest != 0
        bytes[start...].reverse()
    }
}
