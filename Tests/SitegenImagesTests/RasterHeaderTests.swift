import Testing

@testable import SitegenImages

/// The header reader gives the format by signature, the stored size and the orientation, and refuses what is
/// not an image, without decoding anything.
@Suite struct RasterHeaderTests {
    @Test(arguments: [("phone.jpg", RasterHeader.Format.jpeg), ("phone.png", .png), ("phone.webp", .webp)])
    func aPhonesHeaderGivesItsFormatSizeAndOrientation(name: String, format: RasterHeader.Format) throws {
        let header = try #require(RasterHeader(try photoFixture(name)))
        #expect(header.format == format)
        #expect(header.width == 64 && header.height == 48)
        #expect(header.orientation == 6)
        #expect(header.uprightSize == (48, 64))
    }

    @Test func aFewBytesMayClaimAHugeImage() throws {
        // A PNG signature and an IHDR claiming 100000×100000 pixels, and nothing else.
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        png += [0x00, 0x01, 0x86, 0xA0, 0x00, 0x01, 0x86, 0xA0, 8, 2, 0, 0, 0]
        let header = try #require(RasterHeader(png))
        #expect(header.width == 100_000 && header.height == 100_000)
        #expect(header.width * header.height > RasterHeader.pixelLimit)
    }

    @Test func whatIsNotAnImageHasNoHeader() throws {
        #expect(RasterHeader(Array("<svg width='10' height='10'/>".utf8)) == nil)
        #expect(RasterHeader([0xFF, 0xD8, 0xFF]) == nil)
        #expect(RasterHeader([UInt8]()) == nil)
        let jpeg = try photoFixture("phone.jpg")
        #expect(RasterHeader(jpeg.prefix(40)) == nil, "cut before its frame header")
    }

    @Test func theExtensionNamesAFormat() {
        #expect(RasterHeader.Format(fileExtension: "JPEG") == .jpeg)
        #expect(RasterHeader.Format(fileExtension: "jpg") == .jpeg)
        #expect(RasterHeader.Format(fileExtension: "svg") == nil)
        #expect(RasterHeader.Format(fileName: "content/posts/trip/Sunset.Photo.JPG") == .jpeg)
        #expect(RasterHeader.Format(fileName: "/posts/trip.png/view") == nil)
        #expect(RasterHeader.Format(fileName: "posts/.webp") == nil)
        #expect(RasterHeader.Format(fileName: "shot.png") == .png)
    }
}
