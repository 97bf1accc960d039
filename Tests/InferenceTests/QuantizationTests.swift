import Foundation
import Testing
import GSL
import GPTExperiments
import GPTFastPath
import Inference
import InferenceExperiments
import Numerics
import WorkbookTesting

@Suite("M12 · Inference: weight quantization")
struct QuantizationTests {
    /// A trained model's expand matrix (its first block's), 64 × 256 in the tiny setting.
    static func trainedWeights() throws -> (weights: [Float], inputs: Int, outputs: Int) {
        let run = try GPTMainRun.shared(root: packageRoot)
        let block = run.gpt.layout.blocks[0], w = run.gpt.configuration.width
        return (Array(run.gpt.parameterValues[block.expandWeights..<(block.expandWeights + w * 4 * w)]), w, 4 * w)
    }

    @Test("Every weight is within half its group's scale of its quantized value, for int8 per row, Q8_0 and int4", arguments: QuantizedMatrix.Scheme.allCases)
    func errorWithinHalfAScale(scheme: QuantizedMatrix.Scheme) throws {
        attach(try InferenceRuns.quantizationRecord.get())
        let (weights, inputs, outputs) = try Self.trainedWeights()
        let q = try QuantizedMatrix(weights, inputs: inputs, outputs: outputs, scheme: scheme)
        let rebuilt = q.dequantized()
        var worst = 0.0
        for i in 0..<inputs {
            for j in 0..<outputs {
                let scale = q.scales[(j * inputs + i) / q.groupSize]
                let error = abs(Double(weights[i * outputs + j]) - Double(rebuilt[i * outputs + j]))
                worst = max(worst, error / Double(scale))
                #expect(error <= Double(scale) / 2 * (1 + 1e-6), "\(scheme) (\(i), \(j)): error \(error), scale \(scale)")
            }
        }
        #expect(worst > 0.4, "\(scheme): the bound is nearly reached (\(worst)), so the test can fail")
    }

    @Test("An all-zero group quantizes to zeros and back, never NaN", arguments: QuantizedMatrix.Scheme.allCases)
    func zeroGroup(scheme: QuantizedMatrix.Scheme) throws {
        attach(try InferenceRuns.quantizationRecord.get())
        var weights = (0..<(128 * 4)).map { Float(($0 * 37) % 11) - 5 }
        for i in 0..<64 { weights[i * 4 + 1] = 0 }                    // output 1's first 64 inputs
        let q = try QuantizedMatrix(weights, inputs: 128, outputs: 4, scheme: scheme)
        let rebuilt = q.dequantized()
        #expect(rebuilt.allSatisfy { $0.isFinite })
        for i in 0..<64 { #expect(rebuilt[i * 4 + 1] == 0) }
        let allZero = try QuantizedMatrix([Float](repeating: 0, count: 128 * 4), inputs: 128, outputs: 4, scheme: scheme)
        #expect(allZero.dequantized().allSatisfy { $0 == 0 })
        #expect(try allZero.product([Float](repeating: 1, count: 128)).allSatisfy { $0 == 0 })
    }

    @Test("Bytes per weight are exactly as designed: 1 + 4/inputs, 1.0625 and 0.625")
    func bytesPerWeight() throws {
        let weights = [Float](repeating: 0.5, count: 256 * 64)
        #expect(try QuantizedMatrix(weights, inputs: 256, outputs: 64, scheme: .int8PerRow).bytesPerWeight == 1 + 4.0 / 256)
        #expect(try QuantizedMatrix(weights, inputs: 256, outputs: 64, scheme: .q8_0).bytesPerWeight == 1.0625)
        #expect(try QuantizedMatrix(weights, inputs: 256, outputs: 64, scheme: .int4).bytesPerWeight == 0.625)
    }

    @Test("The kernels on the integers equal multiplying by the dequantized matrix", arguments: QuantizedMatrix.Scheme.allCases)
    func kernelsEqualDequantized(scheme: QuantizedMatrix.Scheme) throws {
        let (weights, inputs, outputs) = try Self.trainedWeights()
        let q = try QuantizedMatrix(weights, inputs: inputs, outputs: outputs, scheme: scheme)
        let w = q.dequantized(), g = RandomGenerator(seed: 3)
        let x = (0..<(3 * inputs)).map { _ in Float(g.gaussian()) }
        let y = try q.product(x, rows: 3)
        for r in 0..<3 {
            for j in 0..<outputs {
                let exact = (0..<inputs).reduce(0.0) { $0 + Double(x[r * inputs + $1]) * Double(w[$1 * outputs + j]) }
                let bound = 1e-5 * (0..<inputs).reduce(0.0) { $0 + abs(Double(x[r * inputs + $1]) * Double(w[$1 * outputs + j])) }
                #expect(abs(Double(y[r * outputs + j]) - exact) <= bound, "\(scheme) row \(r) output \(j)")
            }
        }
    }

    @Test("Quantization refuses what it cannot store, naming it")
    func refusals() throws {
        #expect(throws: ArgumentError.self) { try QuantizedMatrix([1, 2], inputs: 1, outputs: 3, scheme: .q8_0) }
        let group = #expect(throws: ArgumentError.self) { try QuantizedMatrix([Float](repeating: 1, count: 100), inputs: 100, outputs: 1, scheme: .q8_0) }
        #expect(group?.parameter == "inputs")
        let nan = #expect(throws: ArgumentError.self) { try QuantizedMatrix([1, .nan], inputs: 2, outputs: 1, scheme: .int8PerRow) }
        #expect(nan?.parameter == "weights[1]")
        let q = try QuantizedMatrix([Float](repeating: 1, count: 64), inputs: 64, outputs: 1, scheme: .q8_0)
        #expect(throws: ArgumentError.self) { try q.product([1, 2]) }
    }
}

@Suite("M12 · Inference: what quantization costs")
struct QuantizedLossTests {
    @Test("The trained GPT's dev loss moves by at most 0.005 nats with 8-bit weights and 0.05 with int4, and int4 stores a fifth of Float32's bytes")
    func devLossChange() throws {
        attach(try InferenceRuns.quantizationRecord.get())
        let q = try InferenceRuns.quantization.get()
        for scheme in [QuantizedMatrix.Scheme.int8PerRow, .q8_0] {
            #expect(abs(q.result(scheme).change) <= QuantizedDevLoss.eightBitLimit, "\(scheme): \(q.result(scheme).change) nats")
        }
        #expect(abs(q.result(.int4).change) <= QuantizedDevLoss.fourBitLimit, "int4: \(q.result(.int4).change) nats")
        #expect(abs(q.result(.int4).change) > abs(q.result(.q8_0).change), "4 bits cost more than 8")
        #expect(Double(q.result(.int4).bytes) / Double(q.result(.int4).floatBytes) == 0.625 / 4)
        for r in q.results { #expect(r.largestErrorOverScale <= 0.5 + 1e-6, "\(r.scheme) over every block matrix") }
    }
}
