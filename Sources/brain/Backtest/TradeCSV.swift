import Foundation
import ProdCore

/// The closed trades of a run as CSV: times in epoch ms, exact decimals.
enum TradeCSV {
    static func write(_ trades: [Trade], to path: String) throws {
        var text = "strategy,symbol,market,entry_time,exit_time,side,quantity,entry_price,exit_price,fees,funding,pnl,exit_reason\n"
        for trade in trades {
            text += "\(quoted(trade.strategy)),\(trade.instrument.symbol),\(trade.instrument.market),"
            text += "\(trade.entryTime),\(trade.exitTime),\(trade.side.rawValue),\(trade.quantity),"
            text += "\(trade.entryPrice),\(trade.exitPrice),\(trade.fees),\(trade.funding),\(trade.pnl),\(trade.exitReason.rawValue)\n"
        }
        try OutputFile.write(text, to: path)
    }

    /// RFC 4180: a field with a comma or quote is enclosed in quotes, quotes doubled.
    private static func quoted(_ field: String) -> String {
        guard field.contains(",") || field.contains("\"") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
