/// The report's tables; each is written as `<name>.parquet` and `<name>.csv`.
extension RunReport {
    public var tables: [ReportTable] {
        [ordersTable, fillsTable, tradesTable, equityTable, plansTable, governorEventsTable, fundingTable] + (liveBars.isEmpty ? [] : [barsTable])
    }

    /// A live run's bars: every bar the session used, where it came from and when it arrived
    /// (local wall clock), so anyone can check it against the exchange's own history.
    var barsTable: ReportTable {
        let instruments = liveBars.map { liveInstruments[$0.instrument] }
        return ReportTable(name: "bars", columns: [
            ReportColumn("open_time", .timestamp(liveBars.map(\.bar.openTime))),
            ReportColumn("symbol", .string(instruments.map { $0?.symbol ?? "" })),
            ReportColumn("market", .string(instruments.map { $0?.market.rawValue ?? "" })),
            ReportColumn("open", .decimal(liveBars.map(\.bar.open.raw))),
            ReportColumn("high", .decimal(liveBars.map(\.bar.high.raw))),
            ReportColumn("low", .decimal(liveBars.map(\.bar.low.raw))),
            ReportColumn("close", .decimal(liveBars.map(\.bar.close.raw))),
            ReportColumn("volume", .decimal(liveBars.map(\.bar.volume.raw))),
            ReportColumn("quote_volume", .decimal(liveBars.map(\.bar.quoteVolume.raw))),
            ReportColumn("trades", .int64(liveBars.map(\.bar.tradeCount))),
            ReportColumn("taker_buy_base", .decimal(liveBars.map(\.bar.takerBuyBaseVolume.raw))),
            ReportColumn("taker_buy_quote", .decimal(liveBars.map(\.bar.takerBuyQuoteVolume.raw))),
            ReportColumn("source", .string(liveBars.map(\.source.rawValue))),
            ReportColumn("received_at", .timestamp(liveBars.map(\.receivedAt))),
        ])
    }

    /// Each order with what became of it: filled quantity and average price from its fills, and
    /// the reason code when it was refused or cancelled.
    var ordersTable: ReportTable {
        var filledByOrder: [Int64: (quantity: Quantity, notional: Money)] = [:]
        for fill in fills {
            let sum = filledByOrder[fill.orderId, default: (.zero, .zero)]
            filledByOrder[fill.orderId] = (sum.quantity + fill.quantity, sum.notional + fill.notional)
        }
        let rejectionByOrder = Dictionary(rejections.map { ($0.orderId, $0) }, uniquingKeysWith: { first, _ in first })
        let filled = orders.map { filledByOrder[$0.id] ?? (.zero, .zero) }
        let averagePrice = filled.map { sum in
            sum.quantity.isPositive ? FixedPointMath.quotient(sum.notional.raw, sum.quantity.raw, .nearest) : nil
        }
        let status = zip(orders, filled).map { order, sum -> String in
            if rejectionByOrder[order.id] != nil { return sum.quantity.isPositive ? "partially_filled" : "cancelled" }
            return sum.quantity.isPositive ? "filled" : "working"
        }
        return ReportTable(name: "orders", columns: [
            ReportColumn("order_id", .int64(orders.map(\.id))),
            ReportColumn("created_at", .timestamp(orders.map(\.createdAt))),
            ReportColumn("strategy", .string(orders.map(\.strategy))),
            ReportColumn("symbol", .string(orders.map(\.instrument.symbol))),
            ReportColumn("market", .string(orders.map(\.instrument.market.rawValue))),
            ReportColumn("side", .string(orders.map(\.side.rawValue))),
            ReportColumn("intent", .string(orders.map(\.intent.rawValue))),
            ReportColumn("type", .string(orders.map { $0.limitPrice == nil ? "market" : "limit" })),
            ReportColumn("limit_price", .decimal(orders.map(\.limitPrice?.raw)), optional: true),
            ReportColumn("status", .string(status)),
            ReportColumn("filled_quantity", .decimal(filled.map(\.quantity.raw))),
            ReportColumn("average_price", .decimal(averagePrice), optional: true),
            ReportColumn("reason", .string(orders.map { rejectionByOrder[$0.id]?.reason.rawValue }), optional: true),
            ReportColumn("detail", .string(orders.map { rejectionByOrder[$0.id]?.detail }), optional: true),
        ])
    }

    var fillsTable: ReportTable {
        ReportTable(name: "fills", columns: [
            ReportColumn("order_id", .int64(fills.map(\.orderId))),
            ReportColumn("time", .timestamp(fills.map(\.time))),
            ReportColumn("strategy", .string(fills.map(\.strategy))),
            ReportColumn("symbol", .string(fills.map(\.instrument.symbol))),
            ReportColumn("market", .string(fills.map(\.instrument.market.rawValue))),
            ReportColumn("side", .string(fills.map(\.side.rawValue))),
            ReportColumn("intent", .string(fills.map(\.intent.rawValue))),
            ReportColumn("price", .decimal(fills.map(\.price.raw))),
            ReportColumn("quantity", .decimal(fills.map(\.quantity.raw))),
            ReportColumn("notional", .decimal(fills.map(\.notional.raw))),
            ReportColumn("fee", .decimal(fills.map(\.fee.raw))),
            ReportColumn("liquidity", .string(fills.map { $0.isMaker ? "maker" : "taker" })),
        ])
    }

    var tradesTable: ReportTable { ReportTable.trades(trades) }

    var equityTable: ReportTable {
        ReportTable(name: "equity", columns: [
            ReportColumn("time", .timestamp(equity.map(\.time))),
            ReportColumn("equity", .decimal(equity.map(\.equity.raw))),
            ReportColumn("cash", .decimal(equity.map(\.cash.raw))),
            ReportColumn("gross_exposure", .decimal(equity.map(\.grossExposure.raw))),
            ReportColumn("drawdown", .double(equity.drawdowns)),
        ])
    }

    var plansTable: ReportTable {
        ReportTable(name: "plans", columns: [
            ReportColumn("input_seq", .int64(plans.map(\.sequence))),
            ReportColumn("time", .timestamp(plans.map(\.time)), optional: true),
            ReportColumn("source", .string(plans.map(\.source))),
            ReportColumn("applied", .string(plans.map { $0.applied ? "applied" : "rejected" })),
            ReportColumn("reasons", .string(plans.map { $0.reasons.joined(separator: "; ") })),
            ReportColumn("plan", .string(plans.map(\.text))),
        ])
    }

    var governorEventsTable: ReportTable {
        ReportTable(name: "governor_events", columns: [
            ReportColumn("time", .timestamp(governorEvents.map(\.time))),
            ReportColumn("kind", .string(governorEvents.map(\.kind.rawValue))),
            ReportColumn("detail", .string(governorEvents.map(\.detail))),
        ])
    }

    var fundingTable: ReportTable {
        ReportTable(name: "funding_payments", columns: [
            ReportColumn("time", .timestamp(fundingPayments.map(\.time))),
            ReportColumn("strategy", .string(fundingPayments.map(\.strategy))),
            ReportColumn("symbol", .string(fundingPayments.map(\.instrument.symbol))),
            ReportColumn("market", .string(fundingPayments.map(\.instrument.market.rawValue))),
            ReportColumn("rate", .decimal(fundingPayments.map(\.rate.raw))),
            ReportColumn("position", .decimal(fundingPayments.map(\.position.raw))),
            ReportColumn("amount", .decimal(fundingPayments.map(\.amount.raw))),
        ])
    }
}

extension ReportTable {
    /// Closed round trips, as the report's trades table and `brain backtest --trades`.
    public static func trades(_ trades: [Trade]) -> ReportTable {
        ReportTable(name: "trades", columns: [
            ReportColumn("strategy", .string(trades.map(\.strategy))),
            ReportColumn("symbol", .string(trades.map(\.instrument.symbol))),
            ReportColumn("market", .string(trades.map(\.instrument.market.rawValue))),
            ReportColumn("side", .string(trades.map(\.side.rawValue))),
            ReportColumn("entry_time", .timestamp(trades.map(\.entryTime))),
            ReportColumn("exit_time", .timestamp(trades.map(\.exitTime))),
            ReportColumn("quantity", .decimal(trades.map(\.quantity.raw))),
            ReportColumn("entry_price", .decimal(trades.map(\.entryPrice.raw))),
            ReportColumn("exit_price", .decimal(trades.map(\.exitPrice.raw))),
            ReportColumn("fees", .decimal(trades.map(\.fees.raw))),
            ReportColumn("funding", .decimal(trades.map(\.funding.raw))),
            ReportColumn("pnl", .decimal(trades.map(\.pnl.raw))),
            ReportColumn("exit_reason", .string(trades.map(\.exitReason.rawValue))),
        ])
    }
}
