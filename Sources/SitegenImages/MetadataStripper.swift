/// Takes the metadata out of a JPEG, PNG or WebP file without decoding it, so that an original is published
/// pixel for pixel as it was given but without its EXIF (GPS position, camera serial, maker notes), XMP, IPTC,
/// comments or text chunks. The colour profile stays: it changes how the pixels look. Whatever follows a JPEG's
/// end (the depth map or second picture phones append, each with its own EXIF) is left out as well.
public enum MetadataStripper {
    /// The file without its metadata; `nil` when it is not a well-formed JPEG, PNG or WebP file.
    public static func stripped(_ bytes: [UInt8]) -> [UInt8]? {
        if bytes.starts(with: [0xFF, 0xD8]) { return jpeg(bytes) }
        if bytes.starts(with: pngSignature) { return png(bytes) }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), bytes[8..<12].elementsEqual("WEBP".utf8) { return webp(bytes) }
        return nil
    }

    // MARK: JPEG

    /// Segments are copied but APP1 (EXIF, XMP), APP2 other than the ICC profile (MPF's index of appended
    /// pictures), APP3–APP13 and APP15 (IPTC, Photoshop, vendors' blocks) and comments; APP0 (JFIF) and APP14
    /// (Adobe's colour transform) stay. Entropy-coded data is copied as it is, up to the end-of-image marker.
    private static func jpeg(_ bytes: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = [0xFF, 0xD8]
        output.reserveCapacity(bytes.count)
        var index = 2
        while index + 1 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            switch marker {
            case 0xFF:
                index += 1
                continue
            case 0xD9:
                output += [0xFF, 0xD9]
                return output
            case 0x01, 0xD0...0xD7:
                output += [0xFF, marker]
                index += 2
                continue
            default: break
            }
            guard index + 3 < bytes.count else { return nil }
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            let end = index + 2 + length
            guard length >= 2, end <= bytes.count else { return nil }
            if keepsJPEGSegment(marker, payload: bytes[index + 4..<end]) { output += bytes[index..<end] }
            index = end
            if marker == 0xDA {
                // Entropy-coded data runs to the next marker that is neither stuffing (FF00) nor a restart (FFD0–D7).
                let start = index
                while index + 1 < bytes.count,
                    !(bytes[index] == 0xFF && bytes[index + 1] != 0x00 && !(0xD0...0xD7).contains(bytes[index + 1]))
                {
                    index += 1
                }
                guard index + 1 < bytes.count else { return nil }
                output += bytes[start..<index]
            }
        }
        return nil
    }

    private static func keepsJPEGSegment(_ marker: UInt8, payload: ArraySlice<UInt8>) -> Bool {
        switch marker {
        case 0xE0, 0xEE: return true
        case 0xE2: return payload.starts(with: Array("ICC_PROFILE\0".utf8))
        case 0xE1, 0xE3...0xED, 0xEF, 0xFE: return false
        default: return true
        }
    }

    // MARK: PNG

    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Ancillary chunks that describe how to show the pixels, or animate them; every other ancillary chunk
    /// (`eXIf`, `tEXt`, `zTXt`, `iTXt`, `tIME` and private ones) is left out. Critical chunks always stay.
    private static let keptPNGChunks: Set<String> = [
        "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD", "hIST", "acTL", "fcTL", "fdAT", "cICP",
    ]

    private static func png(_ bytes: [UInt8]) -> [UInt8]? {
        let (chunks, complete) = ImageChunk.png(bytes)
        guard complete else { return nil }
        var output = pngSignature
        output.reserveCapacity(bytes.count)
        for chunk in chunks {
            let critical = bytes[chunk.whole.lowerBound + 4] & 0x20 == 0
            if critical || keptPNGChunks.contains(chunk.type) { output += bytes[chunk.whole] }
        }
        return output
    }

    // MARK: WebP

    /// Every chunk but `EXIF` and `XMP `, with the extended header's flags for them cleared.
    private static func webp(_ bytes: [UInt8]) -> [UInt8]? {
        let (found, complete) = ImageChunk.webp(bytes)
        guard complete else { return nil }
        var chunks: [UInt8] = []
        chunks.reserveCapacity(bytes.count)
        for chunk in found where chunk.type != "EXIF" && chunk.type != "XMP " {
            let start = chunks.count
            chunks += bytes[chunk.whole]
            if chunk.type == "VP8X", !chunk.data.isEmpty { chunks[start + 8] &= ~UInt8(0x08 | 0x04) }
        }
        let size = UInt32(4 + chunks.count)
        return Array("RIFF".utf8) + [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24)]
            + Array("WEBP".utf8) + chunks
    }
}
