import EvaluationMetricsExperiments
import Numerics
import Retrieval
import RetrievalExperiments
import WorkbookTesting

/// M11's experiments, each run once per test process.
enum SharedRuns {
    static let model = Result {
        (tokenizer: try WordPieceTokenizer(vocabularyFile: MiniLMFiles.file("vocab.txt", root: packageRoot)),
         encoder: try SentenceEncoder(weights: SafetensorsFile(contentsOf: MiniLMFiles.file("model.safetensors", root: packageRoot))))
    }
    static let equality = model.flatMap { m in Result { try RetrievalReferenceEquality(root: packageRoot, tokenizer: m.tokenizer, encoder: m.encoder) } }
    static let equalityRecord = equality.map { $0.record() }
    static let newTestament = model.flatMap { m in
        Result { try NewTestamentRetrieval(pairs: TranslationPairs(root: packageRoot), documentBooks: NewTestamentRetrieval.suiteDocumentBooks, queryBooks: NewTestamentRetrieval.suiteQueryBooks, encoder: m.encoder, tokenizer: m.tokenizer) }
    }
    /// HNSW over the slice's verse embeddings, recall@10 against exact search at ef 64, each verse its own query.
    static let verseHNSWRecall = newTestament.flatMap { study in
        Result {
            try VectorSearchStudy(vectors: study.documentEmbeddings, queries: study.documentEmbeddings, breadths: [VectorSearchStudy.chosenBreadth]).chosen.recallAt10
        }
    }
    static let newTestamentRecord = newTestament.flatMap { study in verseHNSWRecall.map { study.record(hnswRecall: $0) } }
    static let vectorSearch = Result { try VectorSearchStudy(data: ClusteredVectors(count: 5_500, seed: 1), queries: 500) }
    static let vectorSearchRecord = vectorSearch.map { $0.record() }
    static let answering = model.flatMap { m in
        Result { try ElementAnswering(elements: ElementFacts.all(root: packageRoot), encoder: m.encoder, tokenizer: m.tokenizer) }
    }
    static let answeringRecord = answering.map { $0.record() }
}
