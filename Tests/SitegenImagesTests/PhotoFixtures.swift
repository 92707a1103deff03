import Foundation
import Testing

/// The bytes of a fixture of `scripts/make-photo-fixtures.py`: 64×48 pixels as stored (left half red, right half
/// blue), EXIF orientation 6, a GPS position, make, model and copyright, and XMP with the position again.
func photoFixture(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    return try [UInt8](Data(contentsOf: url))
}

/// Whether `text`'s bytes appear anywhere in `bytes`.
func bytes(_ bytes: [UInt8], hold text: String) -> Bool {
    let needle = Array(text.utf8)
    guard bytes.count >= needle.count else { return false }
    return (0...(bytes.count - needle.count)).contains { bytes[$0..<$0 + needle.count].elementsEqual(needle) }
}

/// The metadata markers (EXIF in JPEG, PNG and WebP, GPS, XMP, the camera's make, ICC) found in `file`.
func metadataMarkers(in file: [UInt8]) -> [String] {
    ["Exif", "eXIf", "EXIF", "GPS", "xpacket", "ns.adobe.com", "PhoneMaker", "ICC_PROFILE", "ICCP"].filter { bytes(file, hold: $0) }
}
