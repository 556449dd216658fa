// libFuzzer harness: a sweep folder's JSON (`result.json` of a point and
// `sweep.json`, the plan). Whatever the bytes, decoding throws or gives a
// value that encodes and decodes back to itself.
import Foundation
import FieldLabExperiments

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSweepFiles(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let json = Data(bytes: data, count: size)
    if let result = try? JSONDecoder().decode(SweepPointResult.self, from: json) {
        let again = try! JSONDecoder().decode(SweepPointResult.self, from: JSONEncoder().encode(result))
        precondition(again.id == result.id && again.point == result.point, "result.json round trip changed the point")
    }
    if let plan = try? JSONDecoder().decode(SweepSpecification.self, from: json), (try? plan.validate()) != nil {
        let again = try! JSONDecoder().decode(SweepSpecification.self, from: JSONEncoder().encode(plan))
        precondition(again.differences(from: plan).isEmpty, "sweep.json round trip changed the plan")
    }
    return 0
}
