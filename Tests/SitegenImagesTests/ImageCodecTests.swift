import Foundation
import Testing

@testable import SitegenImages

/// libvips through ``ImageCodec``: phone photos come out upright, at the size asked for, and without the
/// metadata that would publish where they were taken.
@Suite struct ImageCodecTests {
    @Test(arguments: ["phone.jpg", "phone.png", "phone.webp"])
    func aPhoneImageIsTurnedUprightAndLosesItsMetadata(name: String) throws {
        let source = try photoFixture(name)
        let carries = !metadataMarkers(in: source).isEmpty
        #expect(carries, "the fixture carries EXIF")
        let rendition = try ImageCodec.render(source, .init(width: 1_000, formats: [.jpeg, .png, .webp], quality: 80))
        #expect(rendition.width == 48 && rendition.height == 64, "orientation 6 turns 64×48 into 48×64, never larger")
        #expect(rendition.files.count == 3)
        for (format, file) in rendition.files {
            let left = metadataMarkers(in: file)
            #expect(left.isEmpty, "\(name) as \(format) still holds \(left)")
        }
    }

    @Test func aPNGIsSavedInSeveralFormatsFromOneDecode() throws {
        // libvips reads a PNG once, in order; saving its thumbnail twice used to fail with "out of order read".
        let rendition = try ImageCodec.render(try photoFixture("diagram.png"), .init(width: 480, formats: [.png, .webp], quality: 75))
        #expect(rendition.width == 480 && rendition.height == 270)
        #expect(rendition.files.count == 2)
    }

    @Test func metadataIsKeptOnlyWhenAskedFor() throws {
        let kept = try ImageCodec.render(try photoFixture("phone.jpg"), .init(width: 64, formats: [.jpeg], quality: 80, keepMetadata: true))
        let keeps = bytes(try #require(kept.files[.jpeg]), hold: "PhoneMaker")
        #expect(keeps)
    }

    @Test func widthsShrinkKeepingTheShapeAndABoxIsFilledExactly() throws {
        let source = try photoFixture("phone.jpg")
        let narrow = try ImageCodec.render(source, .init(width: 24, formats: [.webp], quality: 80))
        #expect(narrow.width == 24 && narrow.height == 32)
        let card = try ImageCodec.render(source, .init(width: 120, height: 63, fill: true, formats: [.jpeg], quality: 80))
        #expect(card.width == 120 && card.height == 63, "a social card is exactly its box, cropped and enlarged")
    }

    @Test func truncatedAndForeignBytesAreErrorsNotCrashes() throws {
        let source = try photoFixture("phone.jpg")
        #expect(throws: ImageCodec.Failure.self) {
            try ImageCodec.render(Array(source.prefix(source.count * 2 / 3)), .init(width: 32, formats: [.jpeg], quality: 80))
        }
        #expect(throws: ImageCodec.Failure.self) {
            try ImageCodec.render(Array("not an image at all".utf8), .init(width: 32, formats: [.jpeg], quality: 80))
        }
        #expect(throws: ImageCodec.Failure.self) {
            try ImageCodec.render([], .init(width: 32, formats: [.jpeg], quality: 80))
        }
    }
}
