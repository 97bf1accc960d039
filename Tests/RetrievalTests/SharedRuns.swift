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
            let index = try HNSWIndex(dimension: 384)
            var exact = try ExactVectorIndex(dimension: 384)
            for v in study.documentEmbeddings { try index.add(v); try exact.add(v) }
            var hits = 0
            for v in study.documentEmbeddings {
                let truth = Set(try exact.nearest(10, to: v).map(\.index))
                hits += try index.nearest(10, to: v, breadth: VectorSearchStudy.chosenBreadth).filter { truth.contains($0.index) }.count
            }
            return Double(hits) / Double(10 * study.documentEmbeddings.count)
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
