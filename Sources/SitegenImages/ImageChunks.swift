/// The chunks of a PNG file (after its signature) or of a WebP file's RIFF body, in order, as both the header
/// reader and the metadata stripper walk them. The walk stops at the first chunk that runs past the bytes given.
struct ImageChunk {
    /// The four-letter type: `IHDR`, `eXIf`, `VP8X`, `EXIF`.
    let type: String
    /// The chunk whole: its header, data, and CRC (PNG) or padding byte (WebP).
    let whole: Range<Int>
    /// Its data alone.
    let data: Range<Int>

    /// A PNG's chunks; `complete` when they run to its `IEND`.
    static func png(_ bytes: [UInt8]) -> (chunks: [ImageChunk], complete: Bool) {
        var chunks: [ImageChunk] = []
        var index = 8
        while index + 8 <= bytes.count {
            let length = Int(bytes[index]) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            let end = index + 12 + length
            guard end <= bytes.count else { break }
            let type = String(decoding: bytes[(index + 4)..<(index + 8)], as: UTF8.self)
            chunks.append(ImageChunk(type: type, whole: index..<end, data: (index + 8)..<(end - 4)))
            if type == "IEND" { return (chunks, true) }
            index = end
        }
        return (chunks, false)
    }

    /// A WebP's chunks; `complete` when the last ends where the bytes do.
    static func webp(_ bytes: [UInt8]) -> (chunks: [ImageChunk], complete: Bool) {
        var chunks: [ImageChunk] = []
        var index = 12
        while index + 8 <= bytes.count {
            let length = Int(bytes[index + 4]) | Int(bytes[index + 5]) << 8 | Int(bytes[index + 6]) << 16 | Int(bytes[index + 7]) << 24
            let end = index + 8 + length + (length & 1)
            guard end <= bytes.count else { break }
            let type = String(decoding: bytes[index..<(index + 4)], as: UTF8.self)
            chunks.append(ImageChunk(type: type, whole: index..<end, data: (index + 8)..<(index + 8 + length)))
            index = end
        }
        return (chunks, index == bytes.count)
    }
}
