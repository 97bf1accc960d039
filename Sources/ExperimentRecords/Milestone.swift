/// One milestone of the curriculum: the one description that records, chapters and the log
/// derive their numbers, names and phases from. Adding a milestone is one row of `all`.
public struct Milestone: Codable, Equatable, Hashable, Sendable {
    public let number: Int
    /// "Logistic Regression": how entry titles name it.
    public let name: String
    /// "logistic_regression": the log's milestone id is `M1_logistic_regression`.
    public let slug: String
    public let phase: Phase
    /// The chapter, from the package root: "Chapters/01-LogisticRegression.md".
    public let chapter: String

    public init(number: Int, name: String, slug: String, phase: Phase, chapter: String) {
        self.number = number
        self.name = name
        self.slug = slug
        self.phase = phase
        self.chapter = chapter
    }

    /// "M1".
    public var code: String { "M\(number)" }
    /// "M1_logistic_regression", the seed log's **Milestone:** field.
    public var logIdentifier: String { "\(code)_\(slug)" }

    public static let logisticRegression = Milestone(number: 1, name: "Logistic Regression", slug: "logistic_regression", phase: .foundations, chapter: "Chapters/01-LogisticRegression.md")
    public static let multilayerPerceptron = Milestone(number: 2, name: "Multilayer Perceptron", slug: "multilayer_perceptron", phase: .foundations, chapter: "Chapters/02-MultilayerPerceptron.md")
    public static let autogradEngine = Milestone(number: 3, name: "Autograd Engine", slug: "autograd_engine", phase: .foundations, chapter: "Chapters/03-AutogradEngine.md")
    public static let optimization = Milestone(number: 4, name: "Optimization", slug: "optimization_and_generalization", phase: .foundations, chapter: "Chapters/04-Optimization.md")
    public static let bigramModel = Milestone(number: 5, name: "Bigram Model", slug: "bigram", phase: .languageModels, chapter: "Chapters/05-BigramLanguageModel.md")
    public static let mlpLanguageModel = Milestone(number: 6, name: "MLP Language Model", slug: "mlp_language_model", phase: .languageModels, chapter: "Chapters/06-MLPLanguageModel.md")
    public static let bpeTokenizer = Milestone(number: 7, name: "BPE Tokenizer", slug: "bpe_tokenizer", phase: .languageModels, chapter: "Chapters/07-BPETokenizer.md")
    public static let gpt = Milestone(number: 8, name: "GPT", slug: "gpt", phase: .languageModels, chapter: "Chapters/08-GPT.md")
    public static let fineTuning = Milestone(number: 9, name: "Fine-Tuning and LoRA", slug: "fine_tuning_lora", phase: .adaptation, chapter: "Chapters/09-FineTuning.md")
    public static let evaluationMetrics = Milestone(number: 10, name: "Evaluation Metrics", slug: "evaluation_metrics", phase: .adaptation, chapter: "Chapters/10-EvaluationMetrics.md")
    public static let retrieval = Milestone(number: 11, name: "Embeddings and Retrieval", slug: "embeddings_retrieval", phase: .adaptation, chapter: "Chapters/11-Retrieval.md")
    public static let inference = Milestone(number: 12, name: "Efficient Inference", slug: "efficient_inference", phase: .inference, chapter: "Chapters/12-Inference.md")
    public static let agent = Milestone(number: 13, name: "Tool-Using Agent", slug: "tool_using_agent", phase: .inference, chapter: "Chapters/13-Agent.md")
    public static let distributedTraining = Milestone(number: 14, name: "Distributed Training", slug: "distributed_data_parallel", phase: .scale, chapter: "Chapters/14-DistributedTraining.md")

    /// Every milestone built so far, in curriculum order.
    public static let all: [Milestone] = [
        logisticRegression, multilayerPerceptron, autogradEngine, optimization,
        bigramModel, mlpLanguageModel, bpeTokenizer, gpt,
        fineTuning, evaluationMetrics, retrieval,
        inference, agent,
        distributedTraining,
    ]
}
