// libFuzzer harness: CSV point files (`PointFile.read` on text).
// Whatever the bytes, decoding returns finite points or throws a DataError;
// what it returns survives a write and a read unchanged.
@testable import FieldLabData

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPointsCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let points = try? CSVFormat.decode(bytes, path: "fuzz.csv") else { return 0 }
    precondition(points.allSatisfy { $0.x.isFinite && $0.y.isFinite }, "a non-finite point was accepted")
    guard !points.isEmpty else { return 0 }
    let again = try! CSVFormat.decode(CSVFormat.encode(points), path: "again.csv")
    precondition(again == points, "CSV round trip changed the points")
    return 0
}
