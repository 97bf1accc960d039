import AutogradEngine
import BigramLanguageModel
import GSL
import Numerics
import Optimization

/// Bengio et al. (2003): each context character is looked up in an embedding table C, the
/// embeddings are concatenated, a tanh hidden layer mixes them, and a softmax predicts the next
/// character.
public struct MLPLanguageModel {
    public let contextLength: Int
    public let embeddingSize: Int
    public let embeddings: Tensor          // V × d
    public let hidden: (weights: Tensor, bias: Tensor)
    public let output: (weights: Tensor, bias: Tensor)

    /// `vocabularySize` defaults to the word models' 27 characters; Chapter 8 uses the
    /// Shakespeare corpus's characters.
    public init(contextLength: Int, embeddingSize: Int, hiddenSize: Int, vocabularySize: Int = CharacterVocabulary.size, seed: UInt) {
        let generator = RandomGenerator(seed: seed)
        let v = vocabularySize, inputs = contextLength * embeddingSize
        self.contextLength = contextLength
        self.embeddingSize = embeddingSize
        embeddings = Tensor((0..<(v * embeddingSize)).map { _ in generator.gaussian() }, shape: [v, embeddingSize])
        hidden = (Tensor(Initialization.xavier.weights(fanIn: inputs, fanOut: hiddenSize, generator: generator), shape: [inputs, hiddenSize]),
                  Tensor(Array(repeating: 0, count: hiddenSize), shape: [hiddenSize]))
        output = (Tensor(Initialization.xavier.weights(fanIn: hiddenSize, fanOut: v, generator: generator).map { $0 * 0.1 }, shape: [hiddenSize, v]),
                  Tensor(Array(repeating: 0, count: v), shape: [v]))
    }

    public var parameters: [Tensor] { [embeddings, hidden.weights, hidden.bias, output.weights, output.bias] }

    // listing: mlp-language-model
    /// Logits (batch × V) for contexts given as `batch × contextLength` character indices.
    public func logits(contexts: [Int]) -> Tensor {
        let batch = contexts.count / contextLength
        let x = embeddings.rows(at: contexts).reshaped([batch, contextLength * embeddingSize])
        let h = (x.matmul(hidden.weights) + hidden.bias).tanh()
        return h.matmul(output.weights) + output.bias
    }
    // end listing

    public func loss(_ examples: (contexts: [Int], targets: [Int])) -> Tensor {
        logits(contexts: examples.contexts).crossEntropy(targets: examples.targets)
    }

    /// Mean NLL (nats per character) over all `windows`, evaluated in chunks.
    public func negativeLogLikelihood(_ windows: ContextWindows) -> Double {
        var total = 0.0
        for start in stride(from: 0, to: windows.count, by: 4096) {
            let indices = Array(start..<min(start + 4096, windows.count))
            total += loss(windows.batch(indices)).scalar * Double(indices.count)
        }
        return total / Double(windows.count)
    }

    /// Samples a word character by character from the model's softmax.
    public func sampleWord(generator: RandomGenerator, maxLength: Int = 30) -> String {
        var window = Array(repeating: CharacterVocabulary.boundary, count: contextLength), indices: [Int] = []
        while indices.count < maxLength {
            let next = sampleIndex(softmax(logits(contexts: window).values), generator: generator)
            if next == CharacterVocabulary.boundary { break }
            indices.append(next)
            window = Array(window.dropFirst()) + [next]
        }
        return CharacterVocabulary.decode(indices)
    }
}

/// Minibatch Adam under a warm-up + cosine schedule (Chapter 4), with training NLL sampled
/// every `logEvery` steps.
public struct LanguageModelTraining: Sendable {
    public var steps: Int, batchSize: Int, peakRate: Double, seed: UInt
    public var logEvery = 100

    public init(steps: Int, batchSize: Int, peakRate: Double, seed: UInt) {
        self.steps = steps; self.batchSize = batchSize; self.peakRate = peakRate; self.seed = seed
    }

    public func train(_ model: MLPLanguageModel, on windows: ContextWindows, progress: ((Int, Double) -> Void)? = nil) -> [Double] {
        let generator = RandomGenerator(seed: seed)
        let schedule = WarmupCosineSchedule(peak: peakRate, floor: peakRate / 20, warmupSteps: steps / 20, totalSteps: steps)
        var optimizer = Adam()
        var losses: [Double] = [], running = 0.0
        for step in 0..<steps {
            let loss = model.loss(windows.batch((0..<batchSize).map { _ in generator.integer(below: windows.count) }))
            running += loss.scalar
            loss.backward()
            optimizer.step(model.parameters, learningRate: schedule.rate(at: step))
            model.parameters.forEach { $0.zeroGradient() }
            if (step + 1) % logEvery == 0 {
                losses.append(running / Double(logEvery))
                progress?(step + 1, running / Double(logEvery))
                running = 0
            }
        }
        return losses
    }
}
