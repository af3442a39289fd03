import Foundation
import ProdCore

/// What a sweep (or one shard of it) found, with everything that defines it: shards of one sweep
/// agree on all of it but `shard` and `rows`, which is how `brain research merge` knows they
/// belong together. Stored whole, losslessly, as `sweep.json` of the result folder.
public struct SweepResult: Codable, Sendable, Equatable {
    public struct Definition: Codable, Sendable, Equatable {
        public let id: String
        public let strategy: String
        public let parameters: [String]
        public let values: [[Double]]
        public let fixed: [String: Double]
        public let objective: Objective
        /// The `brain backtest` flags every combination ran with (after `--strategy`).
        public let backtestFlags: [String]
        /// The data files read, with their SHA-256.
        public let data: [DataFile]
        public let codeVersion: String
        public let combinations: Int
        /// Combinations the strategy refused as a whole (such as fast ≥ slow).
        public let refused: Int

        public init(
            id: String, grid: ParameterGrid, objective: Objective, backtestFlags: [String], data: [DataFile], codeVersion: String
        ) {
            self.id = id
            strategy = grid.strategy
            parameters = grid.axes.map(\.name)
            values = grid.axes.map(\.values)
            fixed = grid.fixed
            self.objective = objective
            self.backtestFlags = backtestFlags
            self.data = data
            self.codeVersion = codeVersion
            let combinations = grid.combinations
            self.combinations = combinations.valid.count
            refused = combinations.refused
        }
    }

    public struct DataFile: Codable, Sendable, Equatable {
        public let path: String
        public let sha256: String
        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    public struct Shard: Codable, Sendable, Equatable {
        public let index: Int
        public let count: Int
        public init(index: Int, count: Int) {
            self.index = index
            self.count = count
        }
    }

    public let definition: Definition
    public let shard: Shard
    public let rows: [SweepRow]

    public init(definition: Definition, shard: Shard, rows: [SweepRow]) {
        self.definition = definition
        self.shard = shard
        self.rows = rows
    }

    /// Shards of one sweep joined into the result of the unsharded sweep: every shard once, all
    /// of the same definition, every combination present.
    public static func merge(_ shards: [SweepResult]) throws(ResearchError) -> SweepResult {
        guard let first = shards.first else { throw ResearchError("no shard to merge") }
        for shard in shards where shard.definition != first.definition {
            throw ResearchError("shard \(shard.shard.index)/\(shard.shard.count) is of another sweep (\(shard.definition.id), other grid, flags, data or code)")
        }
        let count = first.shard.count
        let indices = shards.map(\.shard.index).sorted()
        guard shards.allSatisfy({ $0.shard.count == count }), indices == Array(1...count) else {
            throw ResearchError("shards \(indices.map(String.init).joined(separator: ", ")) of \(count): each of 1…\(count) is needed exactly once")
        }
        let rows = shards.flatMap(\.rows).sorted { $0.index < $1.index }
        guard rows.map(\.index) == Array(0..<first.definition.combinations) else {
            throw ResearchError("the shards hold \(rows.count) of \(first.definition.combinations) combinations")
        }
        return SweepResult(definition: first.definition, shard: Shard(index: 1, count: 1), rows: rows)
    }

    /// `sweep.json`: keys sorted, numbers as Swift prints them (the shortest text that reads back
    /// the same double), so equal results are equal bytes.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public static func read(_ data: Data) throws -> SweepResult {
        try JSONDecoder().decode(SweepResult.self, from: data)
    }
}
