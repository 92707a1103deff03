import Foundation
import Testing

@testable import SitegenImages

/// Originals are published pixel for pixel, without their metadata.
@Suite struct MetadataStripperTests {
    @Test(arguments: ["phone.jpg", "phone.png", "phone.webp"])
    func metadataGoesAndThePixelsStay(name: String) throws {
        let source = try photoFixture(name)
        let stripped = try #require(MetadataStripper.stripped(source))
        let left = metadataMarkers(in: stripped).filter { $0 != "ICC_PROFILE" && $0 != "ICCP" }
        #expect(left.isEmpty, "\(name) still holds \(left)")
        #expect(stripped.count < source.count)
        // Still an image of the same pixels: as stored, 64×48, since the orientation went with the EXIF.
        let decoded = try ImageCodec.render(stripped, .init(width: 1_000, formats: [.png], quality: 80))
        #expect(decoded.width == 64 && decoded.height == 48)
        #expect(MetadataStripper.stripped(stripped) == stripped, "stripping twice changes nothing more")
    }

    @Test func whatAPhoneAppendsAfterTheJPEGIsLeftOut() throws {
        let source = try photoFixture("phone.jpg")
        let appended = source + source
        let stripped = try #require(MetadataStripper.stripped(appended))
        #expect(stripped == MetadataStripper.stripped(source))
    }

    @Test func brokenFilesAreRefusedNotCopied() throws {
        for name in ["phone.jpg", "phone.png", "phone.webp"] {
            let source = try photoFixture(name)
            #expect(MetadataStripper.stripped(Array(source.prefix(source.count / 2))) == nil, "\(name) cut in half")
        }
        #expect(MetadataStripper.stripped(Array("GIF89a".utf8)) == nil)
        #expect(MetadataStripper.stripped([]) == nil)
    }
}
