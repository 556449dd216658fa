// libFuzzer harness: NPY point files (`PointFile.read` on `.npy`).
// Whatever the bytes, decoding returns finite points or throws a DataError;
// what it returns survives a write and a read unchanged.
@testable import FieldLabData

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPointsNPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let points = try? NPYFormat.decode(bytes, path: "fuzz.npy") else { return 0 }
    precondition(points.allSatisfy { $0.x.isFinite && $0.y.isFinite }, "a non-finite point was accepted")
    let again = try! NPYFormat.decode(NPYFormat.encode(points), path: "again.npy")
    precondition(again == points, "NPY round trip changed the points")
    return 0
}
