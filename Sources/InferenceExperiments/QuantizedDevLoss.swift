import Foundation
import GPT
import GPTFastPath
import Inference
import Numerics

/// What weight-only quantization costs in dev loss: every block matrix of a trained GPT
/// (queries/keys/values, projection, expand, contract) quantized with each scheme and
/// dequantized into a copy of the model, embeddings and LayerNorms kept in Float32, and the
/// copy's mean loss on the same dev windows as the original's.
public struct QuantizedDevLoss: Sendable {
    public struct Result: Sendable {
        public let scheme: QuantizedMatrix.Scheme
        public let devLoss: Double, change: Double
        /// Bytes of the quantized block matrices, and of the same matrices in Float32.
        public let bytes: Int, floatBytes: Int
    }
    public let baseline: Double
    public let results: [Result]

    /// Throws as `QuantizedMatrix` and `FusedGPT.meanLoss` do (a width that is not a multiple
    /// of 64 cannot use Q8_0). Works on copies of `model`'s weights: a shared model's buffers
    /// are not for two threads at once.
    public init(model shared: FusedGPT<Float>, dev: (inputs: [Int], targets: [Int], count: Int)) throws {
        let model = try FusedGPT<Float>(configuration: shared.configuration, vocabularySize: shared.vocabularySize, parameters: shared.parameterValues)
        let c = model.configuration, w = c.width, length = c.blockSize
        let base = try model.meanLoss(inputs: dev.inputs, targets: dev.targets, length: length)
        baseline = base
        let parameters = model.parameterValues
        results = try QuantizedMatrix.Scheme.allCases.map { scheme in
            let copy = try FusedGPT<Float>(configuration: c, vocabularySize: model.vocabularySize, parameters: parameters)
            var bytes = 0, floatBytes = 0
            for block in model.layout.blocks {
                for (offset, inputs, outputs) in [(block.queryKeyValueWeights, w, 3 * w), (block.projectionWeights, w, w),
                                                  (block.expandWeights, w, 4 * w), (block.contractWeights, 4 * w, w)] {
                    let q = try QuantizedMatrix(Array(parameters[offset..<(offset + inputs * outputs)]), inputs: inputs, outputs: outputs, scheme: scheme)
                    try copy.replaceParameters(at: offset, with: q.dequantized())
                    bytes += q.bytes
                    floatBytes += inputs * outputs * MemoryLayout<Float>.size
                }
            }
            let loss = try copy.meanLoss(inputs: dev.inputs, targets: dev.targets, length: length)
            return Result(scheme: scheme, devLoss: loss, change: loss - base, bytes: bytes, floatBytes: floatBytes)
        }
    }

    public func result(_ scheme: QuantizedMatrix.Scheme) -> Result { results.first { $0.scheme == scheme }! }
}
