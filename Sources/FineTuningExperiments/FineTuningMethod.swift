import FineTuning
import GPT
import GPTFastPath
import Numerics
import Optimization

/// How a base GPT is adapted: every weight trains (full fine-tuning), or LoRA adapters of one
/// rank on every block matrix.
public enum FineTuningMethod: Hashable, Sendable, CustomStringConvertible {
    case full
    case lora(rank: Int)

    public var description: String {
        switch self {
        case .full: "full fine-tuning"
        case .lora(let rank): "LoRA r=\(rank)"
        }
    }

    /// The peak learning rate: LoRA's factors start at or near zero and need a larger step
    /// than weights that are already trained (Hu et al. and Biderman et al. both use a higher
    /// rate for LoRA; these two were chosen on the dev loss of the first seed).
    public var peakRate: Double {
        switch self {
        case .full: 1e-3
        case .lora: 5e-3
        }
    }
}

/// A model being fine-tuned by one method: its training step, its dev loss, and what it costs.
public struct FineTuningModel {
    public let method: FineTuningMethod
    /// The model every forward pass uses (for LoRA, the merged weights).
    public let model: FusedGPT<Float>
    public let trainableParameters: Int
    /// AdamW's two moments for the trainable weights.
    public let optimizerStateBytes: Int
    public let step: (_ batch: (inputs: [Int], targets: [Int]), _ learningRate: Double, _ step: Int,
                      _ optimizer: AdamWSettings) throws -> (loss: Double, norm: Double)
    /// The LoRA fine-tuner (nil for full fine-tuning).
    public let lora: LoRAFineTuner<Float>?

    /// A fresh copy of `base` set up for `method`, with `seed` for LoRA's A.
    public init(base: FusedGPT<Float>, method: FineTuningMethod, seed: UInt) throws {
        self.method = method
        switch method {
        case .full:
            let model = try FusedGPT<Float>(configuration: base.configuration, vocabularySize: base.vocabularySize, parameters: base.parameterValues)
            self.model = model
            lora = nil
            trainableParameters = model.layout.count
            optimizerStateBytes = 2 * model.layout.count * MemoryLayout<Float>.stride
            step = { batch, rate, step, optimizer in try model.trainingStep(batch, learningRate: rate, step: step, optimizer: optimizer) }
        case .lora(let rank):
            let tuner = try LoRAFineTuner(base: base, settings: LoRASettings(rank: rank, seed: seed))
            model = tuner.model
            lora = tuner
            trainableParameters = tuner.trainableParameterCount
            optimizerStateBytes = tuner.optimizerStateBytes
            step = { batch, rate, step, optimizer in try tuner.trainingStep(batch, learningRate: rate, step: step, optimizer: optimizer) }
        }
    }

    /// Trains on `corpus` with `training` (its dev loss on the corpus's dev windows).
    public func train(_ training: GPTTraining, on corpus: CharacterCorpus,
                      progress: ((_ step: Int, _ loss: Double) -> Void)? = nil) throws -> GPTTrainingHistory {
        let c = model.configuration
        return try training.train(configuration: c, on: corpus, progress: progress,
                                  step: { batch, rate, number in try step(batch, rate, number, training.optimizer) },
                                  devLoss: { dev in try model.meanLoss(inputs: dev.inputs, targets: dev.targets, length: c.blockSize) })
    }
}
