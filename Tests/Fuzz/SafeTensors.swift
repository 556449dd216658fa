// libFuzzer harness: safetensors checkpoints (`model.safetensors`).
// Whatever the bytes, parsing throws or gives a file that serialises and
// parses back to itself; a checkpoint that loads has finite weights of the
// shapes its metadata describes, and runs.
import FieldLabCore
import FieldLabNeural

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? SafeTensors(bytes: bytes, path: "fuzz.safetensors") else { return 0 }
    let again = try! SafeTensors(bytes: file.serialized(), path: "again.safetensors")
    precondition(again.metadata == file.metadata && again.tensors == file.tensors, "safetensors round trip changed the file")
    guard let checkpoint = try? NetworkCheckpoint<Float>(safeTensors: file, path: "fuzz.safetensors") else { return 0 }
    let network = checkpoint.network
    precondition(network.parameters.allSatisfy(\.isFinite), "non-finite weights were accepted")
    guard network.parameters.count < 1_000_000 else { return 0 }
    let output = network(Matrix<Float>(rows: 1, columns: 2, repeating: 0.5), conditioning: [0.5])
    precondition(output.rows == 1, "a loaded network gave the wrong shape")
    return 0
}
