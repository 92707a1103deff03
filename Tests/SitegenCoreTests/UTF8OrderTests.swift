import Foundation
import Testing

@testable import SitegenCore

struct UTF8OrderTests {
    /// The order of code points, which `memcmp` gives for UTF-8; bridged strings, which lend no bytes in place,
    /// are ordered the same way.
    @Test func pathsAreOrderedByTheirUTF8Bytes() {
        let paths = ["b", "a/b", "a", "", "é", "z", "a.b", "ab", "Z", "e\u{301}", "\u{1F600}", "a/"]
        let expected = paths.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(paths.sorted { $0.precedesInUTF8($1) } == expected)
        let bridged = paths.map { String(NSString(string: $0)) }
        #expect(bridged.sorted { $0.precedesInUTF8($1) } == expected)
        #expect(!"a".precedesInUTF8("a"))
        #expect("a".precedesInUTF8("ab") && !"ab".precedesInUTF8("a"))
    }
}
