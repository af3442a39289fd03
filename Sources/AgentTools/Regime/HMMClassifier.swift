import Foundation
import ProdCore

/// A Gaussian hidden Markov model of four market states, on each bar's log realized volatility
/// and EMA(20) − EMA(50) gap in ATRs. Refitted by Baum–Welch every `refitBars` bars on the last
/// `windowBars`, each time from the same four starting states (bullish, bearish, range, high-vol
/// guesses from the window's median volatility): warm-starting from the previous fit let states
/// drift away from their roles and lock up on some seeds. Between fits the belief moves forward
/// bar by bar. Each state is named by its fitted means — high_vol when its volatility is
/// `highVolRatio` × the window's median or more, else bullish / bearish by the sign of its gap
/// beyond `trendGap`, else range — the regime with the most belief wins, then hysteresis.
public struct HMMClassifier: RegimeClassifier {
    public struct Settings: Sendable {
        public var windowBars = 2000
        public var refitBars = 240
        public var iterations = 10
        public var stay = 0.99
        public var highVolRatio = 1.6
        public var trendGap = 0.6
        public var confirmBars = 12
        public var minimumDwellBars = 24

        public init() {}
    }

    public let settings: Settings
    private var model: GaussianHMM?
    private var names: [MarketRegime] = []
    private var window: [[Double]] = []
    private var sinceFit = 0
    private var hysteresis: RegimeHysteresis

    public init(settings: Settings = Settings()) {
        self.settings = settings
        hysteresis = RegimeHysteresis(confirmBars: settings.confirmBars, minimumDwellBars: settings.minimumDwellBars)
    }

    public mutating func classify(_ features: SymbolFeatures) -> MarketRegime? {
        guard let close = features.close?.doubleValue, close > 0, let fast = features.emaFast, let slow = features.emaSlow,
              let atr = features.atrPct, atr > 0, let realized = features.realizedVol, realized > 0
        else { return nil }
        let observation = [log(realized), (fast - slow) / close / atr]
        window.append(observation)
        if window.count > settings.windowBars { window.removeFirst(window.count - settings.windowBars) }
        sinceFit += 1
        // A fit ends with the belief after the window's last bar, this one; otherwise step to it.
        if model == nil ? window.count >= settings.refitBars : sinceFit >= settings.refitBars { refit() } else { model?.step(observation) }
        guard let model else { return nil }
        var weights: [MarketRegime: Double] = [:]
        for (state, name) in names.enumerated() { weights[name, default: 0] += model.belief[state] }
        let likeliest = MarketRegime.allCases.max { weights[$0, default: 0] < weights[$1, default: 0] }!
        return hysteresis.update(likeliest)
    }

    private mutating func refit() {
        sinceFit = 0
        let logVols = window.map { $0[0] }.sorted()
        let median = logVols[logVols.count / 2]
        var fitted = GaussianHMM(
            initialMeans: [[median, 1.5], [median, -1.5], [median - 0.1, 0], [median + 1, 0]],
            variances: (0..<2).map { d in Self.variance(window.map { $0[d] }) }, stay: settings.stay)
        fitted.fit(window, iterations: settings.iterations)
        model = fitted
        names = fitted.means.map { mean in
            if exp(mean[0] - median) >= settings.highVolRatio { return .highVol }
            if mean[1] >= settings.trendGap { return .bullish }
            if mean[1] <= -settings.trendGap { return .bearish }
            return .range
        }
    }

    static func variance(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    }
}
