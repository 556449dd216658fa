// libFuzzer harness: pictures used as datasets (PNG through libpng, PGM by
// hand). Whatever the bytes, decoding throws or gives a density of at most
// 4096 × 4096 pixels with weights in [0, 1], not all zero, whose draws fall
// inside the picture.
import FieldLabCore
import FieldLabData

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPictures(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let picture = try? PictureDensity(bytes: bytes, path: "fuzz") else { return 0 }
    precondition(picture.width > 0 && picture.height > 0 && picture.width <= PictureDensity.maximumSide
                 && picture.height <= PictureDensity.maximumSide, "an impossible size was accepted")
    precondition(picture.weights.count == picture.width * picture.height, "one weight per pixel")
    precondition(picture.weights.allSatisfy { $0 >= 0 && $0 <= 1 }, "a weight outside [0, 1]")
    var rng = SeededGenerator(seed: 1)
    for p in picture.sample(count: 16, using: &rng) {
        precondition(picture.pixel(containing: p).map { picture.weights[$0.row * picture.width + $0.column] > 0 } ?? false,
                     "a draw fell outside the picture or on a black pixel")
    }
    return 0
}
