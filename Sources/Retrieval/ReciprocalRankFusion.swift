import Numerics

/// Reciprocal rank fusion (Cormack, Clarke and Büttcher 2009): each document scores
/// Σ over the rankings that contain it of 1 / (k + rank), rank counted from 1, so documents near
/// the top of several rankings rise, whatever the scales of the scores behind the rankings
/// (BM25's and cosine similarity's have nothing in common). k = 60 is the paper's constant.
public enum ReciprocalRankFusion {
    // listing: rrf
    /// The fused scores of the documents of `rankings` (each a list of ids, best first). Throws
    /// `ArgumentError` for a k below 0 or a ranking that lists a document twice.
    public static func scores<ID: Hashable>(_ rankings: [[ID]], k: Double = 60) throws -> [ID: Double] {
        try ArgumentError.require(k.isFinite && k >= 0, "k", k, allowed: "must be a finite number ≥ 0")
        // exercise: M11.2 write reciprocal rank fusion: Σ over rankings of 1/(k + rank), refusing a ranking that lists a document twice (Chapter 11, hybrid search)
        var fused: [ID: Double] = [:]
        for (r, ranking) in rankings.enumerated() {
            try ArgumentError.require(Set(ranking).count == ranking.count, "rankings[\(r)]", "\(ranking.count) entries",
                                      allowed: "a ranking lists each document once")
            for (position, id) in ranking.enumerated() { fused[id, default: 0] += 1 / (k + Double(position + 1)) }
        }
        return fused
        // end exercise
    }
    // end listing
}
