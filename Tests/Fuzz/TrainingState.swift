// libFuzzer harness: training states (`training-state.safetensors`, read by
// `train --resume`). Whatever the bytes, reading throws or gives a state
// whose tensors are finite, of the network's size, with consistent step
// counts, and which serialises and reads back to itself.
import FieldLabCore
import FieldLabExperiments
import FieldLabNeural

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrainingState(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? SafeTensors(bytes: bytes, path: "fuzz.safetensors"),
          let saved = try? TrainingCheckpoint(safeTensors: file, path: "fuzz.safetensors") else { return 0 }
    let state = saved.state
    let count = saved.configuration.network.parameterCount
    for tensor in [state.parameters, state.optimizer.firstMoment, state.optimizer.secondMoment, state.average.average] {
        precondition(tensor.count == count && tensor.allSatisfy(\.isFinite), "a bad tensor was accepted")
    }
    precondition(state.step > 0 && state.step < saved.configuration.steps, "an impossible step was accepted")
    let again = try! TrainingCheckpoint(safeTensors: saved.safeTensors, path: "again.safetensors")
    precondition(again == saved, "a training state changed on its way through a file")
    return 0
}
