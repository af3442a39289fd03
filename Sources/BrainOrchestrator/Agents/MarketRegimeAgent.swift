import AgentTools
import ProdCore

/// Classifies each symbol's regime from the snapshot's decision features. A classifier sees each
/// decision bar once: a snapshot repeated (after a reconnect) does not move it.
public struct MarketRegimeAgent: Agent {
    public let name = "regime"
    public let kind: RegimeClassifierKind
    private var classifiers: [InstrumentID: any RegimeClassifier] = [:]
    private var barsSeen: [InstrumentID: Int] = [:]
    private var regimes: [InstrumentID: MarketRegime] = [:]

    public init(kind: RegimeClassifierKind) {
        self.kind = kind
    }

    public mutating func contribute(_ context: DecisionContext, to draft: inout PlanDraft) {
        var notes: [String] = []
        for features in context.snapshot.symbols {
            let id = InstrumentID(symbol: features.symbol, market: features.market)
            if features.bars > barsSeen[id, default: 0] {
                barsSeen[id] = features.bars
                var classifier = classifiers[id] ?? kind.make()
                regimes[id] = classifier.classify(features)
                classifiers[id] = classifier
            }
            draft.regimes[id] = regimes[id]
            notes.append("\(id.sourceName)=\(regimes[id]?.rawValue ?? "warming")")
        }
        draft.rationale.append(notes.joined(separator: ","))
    }
}
