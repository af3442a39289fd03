/// Long series drawn as ~`buckets` buckets, each by its lowest and highest point in time order:
/// a chart of a million points stays small and still shows every peak and trough.
enum ChartReduction {
    static func extremes<Point>(_ points: [Point], buckets: Int = 1000, time: (Point) -> Int64, value: (Point) -> Double) -> [Point] {
        guard points.count > 2 * buckets else { return points }
        let size = (points.count + buckets - 1) / buckets
        return stride(from: 0, to: points.count, by: size).flatMap { start -> [Point] in
            let bucket = points[start..<min(start + size, points.count)]
            let low = bucket.min { value($0) < value($1) }!
            let high = bucket.max { value($0) < value($1) }!
            return time(low) <= time(high) ? (time(low) == time(high) ? [low] : [low, high]) : [high, low]
        }
    }
}
