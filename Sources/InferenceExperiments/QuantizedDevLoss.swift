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
        /// How many weights' |w − q·s| fall in each of `errorBins` (the first bin also holds
        /// exact zeros, the last everything above), and the largest |w − q·s| / s.
        public let errorCounts: [Int]
        public let largestErrorOverScale: Double
        public let weights: Int
    }
    /// Error bins: 10^(−7 + i/4) to 10^(−7 + (i+1)/4), i = 0…23 (1e-7 to 1e-1).
    public static let errorBins: [(lower: Double, upper: Double)] = (0..<24).map { (i: Int) -> (lower: Double, upper: Double) in
        let exponent = -7 + Double(i) / 4
        return (Foundation.pow(10.0, exponent), Foundation.pow(10.0, exponent + 0.25))
    }
    public let baseline: Double
    public let results: [Result]
    /// Stated before the first run, from the PyTorch spike on the baby model (int8 per
    /// row −0.0008, Q8_0 +0.0000, int4 groups of 32 +0.0123 nats) with room for the smaller
    /// tiny model: the 8-bit schemes within 0.005 nats of Float32, int4 within 0.05.
    public static let eightBitLimit = 0.005, fourBitLimit = 0.05

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
            var bytes = 0, floatBytes = 0, counts = [Int](repeating: 0, count: Self.errorBins.count), worst = 0.0, total = 0
            for block in model.layout.blocks {
                for (offset, inputs, outputs) in [(block.queryKeyValueWeights, w, 3 * w), (block.projectionWeights, w, w),
                                                  (block.expandWeights, w, 4 * w), (block.contractWeights, 4 * w, w)] {
                    let q = try QuantizedMatrix(Array(parameters[offset..<(offset + inputs * outputs)]), inputs: inputs, outputs: outputs, scheme: scheme)
                    let restored = q.dequantized()
                    try copy.replaceParameters(at: offset, with: restored)
                    for i in 0..<inputs {
                        for j in 0..<outputs {
                            let error = Double(abs(parameters[offset + i * outputs + j] - restored[i * outputs + j]))
                            let bin = error <= 0 ? 0 : Int((4 * (log10(error) + 7)).rounded(.down))
                            counts[min(max(bin, 0), counts.count - 1)] += 1
                            let scale = Double(q.scales[(j * inputs + i) / q.groupSize])
                            if scale > 0 { worst = max(worst, error / scale) }
                        }
                    }
                    total += inputs * outputs
                    bytes += q.bytes
                    floatBytes += inputs * outputs * MemoryLayout<Float>.size
                }
            }
            let loss = try copy.meanLoss(inputs: dev.inputs, targets: dev.targets, length: length)
            return Result(scheme: scheme, devLoss: loss, change: loss - base, bytes: bytes, floatBytes: floatBytes,
                          errorCounts: counts, largestErrorOverScale: worst, weights: total)
        }
    }

    public func result(_ scheme: QuantizedMatrix.Scheme) -> Result { results.first { $0.scheme == scheme }! }
}
