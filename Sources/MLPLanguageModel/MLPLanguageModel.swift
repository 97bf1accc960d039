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
    /// Throws `ArgumentError` for a size below 1 (a vocabulary below 2).
    public init(contextLength: Int, embeddingSize: Int, hiddenSize: Int, vocabularySize: Int = CharacterVocabulary.size, seed: UInt) throws {
        for (name, value) in [("contextLength", contextLength), ("embeddingSize", embeddingSize), ("hiddenSize", hiddenSize)] {
            try ArgumentError.requireAtLeast(1, value, name)
        }
        try ArgumentError.requireAtLeast(2, vocabularySize, "vocabularySize")
        let generator = RandomGenerator(seed: seed)
        let v = vocabularySize, inputs = try ArgumentError.checkedProduct([contextLength, embeddingSize], "contextLength × embeddingSize")
        _ = try ArgumentError.checkedProduct([max(inputs, v), max(hiddenSize, embeddingSize), 2], "the model's sizes")
        self.contextLength = contextLength
        self.embeddingSize = embeddingSize
        embeddings = try Tensor((0..<(v * embeddingSize)).map { _ in generator.gaussian() }, shape: [v, embeddingSize])
        hidden = try (Tensor(Initialization.xavier.weights(fanIn: inputs, fanOut: hiddenSize, generator: generator), shape: [inputs, hiddenSize]),
                  try Tensor(Array(repeating: 0, count: hiddenSize), shape: [hiddenSize]))
        output = try (Tensor(Initialization.xavier.weights(fanIn: hiddenSize, fanOut: v, generator: generator).map { $0 * 0.1 }, shape: [hiddenSize, v]),
                  try Tensor(Array(repeating: 0, count: v), shape: [v]))
    }

    public var parameters: [Tensor] { [embeddings, hidden.weights, hidden.bias, output.weights, output.bias] }

    // listing: mlp-language-model
    /// Logits (batch × V) for contexts given as `batch × contextLength` character indices.
    /// Throws `ArgumentError` for a count that is not whole contexts or an id outside 0..<V.
    public func logits(contexts: [Int]) throws -> Tensor {
        try ArgumentError.require(!contexts.isEmpty && contexts.count % contextLength == 0, "contexts.count", contexts.count,
                                  allowed: "whole contexts of \(contextLength) ids, at least one")
        // exercise: M6.1 write logits(contexts:): embed the context, concatenate, tanh hidden layer, output logits (Chapter 6, Bengio's model)
        let batch = contexts.count / contextLength
        let x = try embeddings.rows(at: contexts).reshaped([batch, contextLength * embeddingSize])
        let h = try (x.matmul(hidden.weights) + hidden.bias).tanh()
        return try h.matmul(output.weights) + output.bias
        // end exercise
    }
    // end listing

    /// Mean cross-entropy of the targets (throws as `logits` and `crossEntropy` do).
    public func loss(_ examples: (contexts: [Int], targets: [Int])) throws -> Tensor {
        try logits(contexts: examples.contexts).crossEntropy(targets: examples.targets)
    }

    /// Mean NLL (nats per character) over all `windows`, evaluated in chunks. Throws
    /// `ArgumentError` for windows of another context length or none.
    public func negativeLogLikelihood(_ windows: ContextWindows) throws -> Double {
        try ArgumentError.require(windows.contextLength == contextLength, "windows.contextLength", windows.contextLength,
                                  allowed: "the model reads \(contextLength)")
        try ArgumentError.require(windows.count > 0, "windows.count", 0, allowed: "needs at least one example")
        var total = 0.0
        for start in stride(from: 0, to: windows.count, by: 4096) {
            let indices = Array(start..<min(start + 4096, windows.count))
            total += try loss(windows.batch(indices)).scalar * Double(indices.count)
        }
        return total / Double(windows.count)
    }

    // listing: mlp-sample-word
    /// Samples a word character by character from the model's softmax. Throws
    /// `ArgumentError` for a negative `maxLength` or a model over another vocabulary.
    public func sampleWord(generator: RandomGenerator, maxLength: Int = 30) throws -> String {
        try ArgumentError.requireAtLeast(0, maxLength, "maxLength")
        try ArgumentError.require(vocabularySize == CharacterVocabulary.size, "vocabularySize", vocabularySize,
                                  allowed: "words are sampled over the \(CharacterVocabulary.size) word characters")
        // exercise: M6.2 write sampleWord(generator:): slide a window of the last characters, sample each next one from the softmax (Chapter 6, sampling)
        var window = Array(repeating: CharacterVocabulary.boundary, count: contextLength), indices: [Int] = []
        while indices.count < maxLength {
            let next = try sampleIndex(softmax(logits(contexts: window).values), generator: generator)
            if next == CharacterVocabulary.boundary { break }
            indices.append(next)
            window = Array(window.dropFirst()) + [next]
        }
        return try CharacterVocabulary.decode(indices)
        // end exercise
    }
    // end listing
}

/// Minibatch Adam under a warm-up + cosine schedule (Chapter 4), with training NLL sampled
/// every `logEvery` steps.
public struct LanguageModelTraining: Sendable {
    public var steps: Int, batchSize: Int, peakRate: Double, seed: UInt
    public var logEvery = 100

    public init(steps: Int, batchSize: Int, peakRate: Double, seed: UInt) {
        self.steps = steps; self.batchSize = batchSize; self.peakRate = peakRate; self.seed = seed
    }

    // listing: mlp-training-loop
    /// Throws `ArgumentError` for fewer than 1 step, batch or logging interval, a peak rate
    /// that is not a finite number above 0, or no windows; `NonFiniteValueError` with the step.
    public func train(_ model: MLPLanguageModel, on windows: ContextWindows, progress: ((Int, Double) -> Void)? = nil) throws -> [Double] {
        try ArgumentError.requireAtLeast(1, steps, "steps")
        try ArgumentError.requireAtLeast(1, batchSize, "batchSize")
        try ArgumentError.requireAtLeast(1, logEvery, "logEvery")
        try ArgumentError.require(windows.count > 0, "windows.count", 0, allowed: "training needs at least one example")
        // exercise: M6.3 write the training loop: random minibatches, loss, backward, Adam under the warm-up and cosine schedule, zeroed gradients (Chapter 6, training)
        let generator = RandomGenerator(seed: seed)
        let schedule = try WarmupCosineSchedule(peak: peakRate, floor: peakRate / 20, warmupSteps: steps / 20, totalSteps: steps)
        var optimizer = try Adam()
        var losses: [Double] = [], running = 0.0
        for step in 0..<steps {
            let loss = try model.loss(windows.batch((0..<batchSize).map { _ in try generator.integer(below: windows.count) }))
            try NonFiniteValueError.check([loss.scalar], "training loss", step: step)
            running += try loss.scalar
            try loss.backward()
            try optimizer.step(model.parameters, learningRate: schedule.rate(at: step))
            model.parameters.forEach { $0.zeroGradient() }
            if (step + 1) % logEvery == 0 {
                losses.append(running / Double(logEvery))
                progress?(step + 1, running / Double(logEvery))
                running = 0
            }
        }
        return losses
        // end exercise
    }
    // end listing
}
