import ProdCore

/// Walk-forward optimisation: the period cut into folds, each a training window followed (after
/// an embargo) by a test window. In each fold the grid is swept on the training window alone and
/// its best combination trades the test window; only the test windows' trading counts. Engines
/// see `warmUp` of bars before their window so indicators are ready at its first bar, but no
/// trade and no equity point falls outside it (`EngineConfig.tradingStart`), and the choice of
/// parameters never reads a bar after its training window.
public struct WalkForward: Sendable {
    public struct Windows: Sendable, Codable, Equatable {
        public let train: Int64
        public let test: Int64
        public let step: Int64
        /// Every training window starts at the period's start (else it slides by `step`).
        public let anchored: Bool
        public let embargo: Int64
        public let warmUp: Int64

        public init(train: Int64, test: Int64, step: Int64? = nil, anchored: Bool = false, embargo: Int64 = 0, warmUp: Int64) {
            self.train = train
            self.test = test
            self.step = step ?? test
            self.anchored = anchored
            self.embargo = embargo
            self.warmUp = warmUp
        }
    }

    public let sweep: Sweep
    public let windows: Windows

    public init(sweep: Sweep, windows: Windows) {
        self.sweep = sweep
        self.windows = windows
    }

    /// The folds of `period`: (training, test) windows, the last test window ending within it.
    public func folds(_ period: Range<Int64>) -> [(train: Range<Int64>, test: Range<Int64>)] {
        var folds: [(Range<Int64>, Range<Int64>)] = []
        var trainEnd = period.lowerBound + windows.train
        while trainEnd + windows.embargo + windows.test <= period.upperBound {
            let trainStart = windows.anchored ? period.lowerBound : trainEnd - windows.train
            let testStart = trainEnd + windows.embargo
            folds.append((trainStart..<trainEnd, testStart..<testStart + windows.test))
            trainEnd += windows.step
        }
        return folds
    }

    public func run(
        _ feed: HistoricalFeed, period: Range<Int64>, workers: Int, progress: @escaping @Sendable (_ fold: Int, _ folds: Int) -> Void = { _, _ in }
    ) throws -> [WalkForwardFold] {
        let folds = folds(period)
        guard !folds.isEmpty else { throw ResearchError("no fold fits: the period is shorter than one training window, embargo and test window") }
        let combinations = sweep.grid.combinations.valid
        return try folds.enumerated().map { number, fold in
            progress(number, folds.count)
            var inSample = sweep
            inSample.config.tradingStart = fold.train.lowerBound
            let rows = try inSample.run(feed.window(fold.train.lowerBound - windows.warmUp..<fold.train.upperBound), workers: workers)
            let best = SweepRow.ranked(rows)[0]
            var config = sweep.config
            config.tradingStart = fold.test.lowerBound
            var engine = try TradingEngine(config: config, plan: sweep.plan(for: combinations[best.index]))
            let (result, equity) = feed.window(fold.test.lowerBound - windows.warmUp..<fold.test.upperBound).runKeepingEquity(&engine)
            return WalkForwardFold(
                index: number + 1, train: fold.train, test: fold.test, parameters: best.parameters, inSample: best,
                outOfSample: SweepRow(index: best.index, parameters: best.parameters, result: result, objective: sweep.objective),
                equity: equity, tradePnL: result.trades.map(\.pnl.raw))
        }
    }
}

/// One fold: the combination its training window chose, how it did there (in sample) and on the
/// test window (out of sample), and the test window's equity points.
public struct WalkForwardFold: Sendable, Codable, Equatable {
    public let index: Int
    public let trainStart: Int64
    public let trainEnd: Int64
    public let testStart: Int64
    public let testEnd: Int64
    public let parameters: [Double]
    public let inSample: SweepRow
    public let outOfSample: SweepRow
    public let equity: [EquityPoint]
    /// The test window's closed trades' PnL (× 10^8), in order: what Monte Carlo reshuffles.
    public let tradePnL: [Int64]

    init(
        index: Int, train: Range<Int64>, test: Range<Int64>, parameters: [Double], inSample: SweepRow, outOfSample: SweepRow,
        equity: [EquityPoint], tradePnL: [Int64]
    ) {
        self.index = index
        (trainStart, trainEnd, testStart, testEnd) = (train.lowerBound, train.upperBound, test.lowerBound, test.upperBound)
        self.parameters = parameters
        self.inSample = inSample
        self.outOfSample = outOfSample
        self.equity = equity
        self.tradePnL = tradePnL
    }
}
