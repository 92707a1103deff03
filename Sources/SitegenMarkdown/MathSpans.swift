/// Keeps TeX intact through markdown: before cmark parses a body, each `$…$` and `$$…$$` outside code becomes a
/// code span that starts with a marker character, and each `$$` line pair a ```` ```math ```` fence, so that
/// cmark neither emphasises `a_1 * b_2` nor eats `\\`. The renderer turns those spans and fences back into math.
///
/// The rules are pandoc's: an opening `$` is not followed by a space, a closing `$` is not preceded by one nor
/// followed by a digit (so `$5 and $10` stays text), `\$` is a dollar sign, and inline math stays on one line.
/// Lines and their count are unchanged, so positions in error messages stay right.
enum MathSpans {
    /// Starts the literal of a code span that holds inline math.
    static let inlineMarker: Character = "\u{E000}"
    /// Starts the literal of a code span that holds display math written on one line (`$$x$$`).
    static let displayMarker: Character = "\u{E001}"

    /// The body with its math protected; the same string when it has no `$`.
    static func protect(_ text: String) -> String {
        guard text.containsUTF8(UInt8(ascii: "$")) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 64)
        var fence: (byte: UInt8, count: Int)?
        var inDisplay = false
        var previousBlank = true
        for line in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            defer { output.append(0x0A) }
            let bytes = Array(line)
            let (prefix, content) = splitContainerPrefix(bytes)
            let trimmed = content.trimmingASCIIWhitespace()
            if let open = fence {
                output += bytes
                if trimmed.count >= open.count, trimmed.allSatisfy({ $0 == open.byte }) { fence = nil }
                continue
            }
            if inDisplay {
                if trimmed.elementsEqual("$$".utf8) {
                    output += prefix + Array("```".utf8)
                    inDisplay = false
                } else {
                    output += bytes
                }
                continue
            }
            if let first = trimmed.first, first == UInt8(ascii: "`") || first == UInt8(ascii: "~") {
                let run = trimmed.prefix { $0 == first }.count
                if run >= 3 {
                    fence = (first, run)
                    output += bytes
                    continue
                }
            }
            let indent = content.prefix { $0 == 0x20 }.count
            if previousBlank, indent >= 4 || content.first == 0x09 {
                output += bytes
                continue
            }
            previousBlank = trimmed.isEmpty
            if trimmed.elementsEqual("$$".utf8) {
                output += prefix + Array("```math".utf8)
                inDisplay = true
                continue
            }
            output += protectInline(bytes)
        }
        if !output.isEmpty { output.removeLast() }
        if inDisplay { output += Array("\n```".utf8) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The quote markers and indentation before a line's content (`> > `, `  `).
    private static func splitContainerPrefix(_ line: [UInt8]) -> ([UInt8], ArraySlice<UInt8>) {
        var index = 0
        while index < line.count {
            if line[index] == UInt8(ascii: ">") {
                index += 1
                if index < line.count, line[index] == 0x20 { index += 1 }
            } else if line[index] == 0x20, index + 1 < line.count, line[index + 1] == UInt8(ascii: ">") {
                index += 1
            } else {
                break
            }
        }
        return (Array(line[..<index]), line[index...])
    }

    /// One line with its `$…$` and `$$…$$` spans made code spans; code spans already there are kept.
    private static func protectInline(_ line: [UInt8]) -> [UInt8] {
        let dollar = UInt8(ascii: "$")
        let backtick = UInt8(ascii: "`")
        guard line.contains(dollar) else { return line }
        var output: [UInt8] = []
        var index = 0
        while index < line.count {
            let byte = line[index]
            if byte == UInt8(ascii: "\\"), index + 1 < line.count {
                output += line[index...index + 1]
                index += 2
                continue
            }
            if byte == backtick {
                // Copy a code span whole: up to the next run of as many backticks, or the run alone.
                let run = line[index...].prefix { $0 == backtick }.count
                var search = index + run
                var end: Int?
                while search < line.count {
                    if line[search] == backtick {
                        let closing = line[search...].prefix { $0 == backtick }.count
                        if closing == run {
                            end = search + closing
                            break
                        }
                        search += closing
                    } else {
                        search += 1
                    }
                }
                let stop = end ?? index + run
                output += line[index..<stop]
                index = stop
                continue
            }
            if byte == dollar, let (tex, end, display) = mathSpan(in: line, at: index) {
                output.append(backtick)
                output += Array(String(display ? displayMarker : inlineMarker).utf8)
                output += tex
                output.append(backtick)
                index = end
                continue
            }
            output.append(byte)
            index += 1
        }
        return output
    }

    /// The TeX of the math span opening at `start`, the index after it, and whether it is display math.
    private static func mathSpan(in line: [UInt8], at start: Int) -> (ArraySlice<UInt8>, Int, Bool)? {
        let dollar = UInt8(ascii: "$")
        let display = start + 1 < line.count && line[start + 1] == dollar
        let open = start + (display ? 2 : 1)
        guard open < line.count, line[open] != 0x20, line[open] != 0x09, line[open] != dollar else { return nil }
        if !display, start > 0, line[start - 1] == dollar { return nil }
        var index = open
        while index < line.count {
            let byte = line[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "`") { return nil }
            if byte == dollar {
                if display {
                    guard index + 1 < line.count, line[index + 1] == dollar else { return nil }
                    return (line[open..<index], index + 2, true)
                }
                let before = line[index - 1]
                let after = index + 1 < line.count ? line[index + 1] : 0x20
                if before != 0x20, before != 0x09, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(after) {
                    return (line[open..<index], index + 1, false)
                }
                return nil
            }
            index += 1
        }
        return nil
    }
}
